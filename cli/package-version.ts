import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

/** Reads the version from package.json, whether running from source (cli/) or from dist/cli/. */
export function packageVersion(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 4; i++) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'callqa' && pkg.version) return pkg.version;
    } catch {
      // not here; go up one level
    }
    dir = dirname(dir);
  }
  return '0.0.0';
}
