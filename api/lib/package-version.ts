import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The callqa version from package.json (sources or dist/ alike). */
export function packageVersion(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
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
