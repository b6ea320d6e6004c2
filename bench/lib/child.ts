import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Runs a bench script in its own Node process (`node --import tsx SCRIPT ARGS --result FILE`), so
 * memory is measured per model, and returns the JSON the child wrote to FILE. The child's
 * stderr (progress) is passed through; its stdout is ignored (libraries log there).
 */
export async function runBenchChild<T>(script: string, args: readonly string[], opts: { onStderr?: (line: string) => void } = {}): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'callqa-bench-'));
  const resultFile = join(dir, 'result.json');
  try {
    const code = await new Promise<number | null>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', script, ...args, '--result', resultFile], { stdio: ['ignore', 'ignore', 'pipe'] });
      let buf = '';
      child.stderr.setEncoding('utf8');
      child.stderr.on('data', (chunk: string) => {
        buf += chunk;
        let nl: number;
        while ((nl = buf.indexOf('\n')) >= 0) {
          const line = buf.slice(0, nl);
          buf = buf.slice(nl + 1);
          (opts.onStderr ?? ((l: string) => process.stderr.write(`${l}\n`)))(line);
        }
      });
      child.on('error', reject);
      child.on('close', (c) => {
        if (buf.length > 0) (opts.onStderr ?? ((l: string) => process.stderr.write(`${l}\n`)))(buf);
        resolve(c);
      });
    });
    if (code !== 0) throw new Error(`${script} ${args.join(' ')} exited with ${code}`);
    return JSON.parse(await readFile(resultFile, 'utf8')) as T;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
