import { spawn } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');
/** Inside the repository, so the build resolves node_modules, lexicons and policies as dist/ does. */
export const BENCH_BUILD_DIR = join(ROOT, 'bench', '.cache', 'build');

/**
 * Compiles the service code (`tsconfig.build.json`, as `npm run build`) into `bench/.cache/build`
 * and returns the path of its `core/rules/analyze.js`: the analysis benchmark measures the code a
 * `callqa worker` runs, not the sources through the tsx loader.
 */
export async function buildAnalyzer(log: (m: string) => void = () => {}): Promise<string> {
  await rm(BENCH_BUILD_DIR, { recursive: true, force: true });
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  log(`compiling the service code into ${BENCH_BUILD_DIR} …`);
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(process.execPath, [tsc, '-p', join(ROOT, 'tsconfig.build.json'), '--outDir', BENCH_BUILD_DIR, '--sourceMap', 'false'], { stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', reject);
    child.on('close', resolve);
  });
  if (code !== 0) throw new Error(`tsc -p tsconfig.build.json exited with ${code}`);
  return join(BENCH_BUILD_DIR, 'core', 'rules', 'analyze.js');
}
