import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: { root: string; version: string } | undefined;

function locate(): { root: string; version: string } {
  if (cached) return cached;
  // Works from the sources (core/rules/policy) and from the build (dist/core/rules/policy).
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate)) {
      const pkg = JSON.parse(readFileSync(candidate, 'utf8')) as { name?: unknown; version?: unknown };
      if (pkg.name === 'callqa') {
        cached = { root: dir, version: typeof pkg.version === 'string' ? pkg.version : '0.0.0' };
        return cached;
      }
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error('callqa package.json not found above ' + fileURLToPath(import.meta.url));
    dir = parent;
  }
}

/** Directory holding callqa's package.json (the repository root or the installed package). */
export function packageRoot(): string {
  return locate().root;
}

/** callqa's version from package.json, read once. */
export function packageVersion(): string {
  return locate().version;
}
