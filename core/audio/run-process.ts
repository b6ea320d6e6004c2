import { spawn } from 'node:child_process';
import { CallqaError, ErrorCodes } from '../domain/errors.js';

/** Keep only the end of stderr: ffmpeg can be chatty, and only the last lines explain a failure. */
const STDERR_TAIL_BYTES = 16 * 1024;

export interface RunProcessOptions {
  /** Bytes written to the child's stdin (then closed); stdin is ignored when absent. */
  stdin?: Buffer;
  /** Called with every stdout chunk; throwing from it kills the child and rejects with that error. */
  onStdout: (chunk: Buffer) => void;
  signal?: AbortSignal;
}

export interface ProcessResult {
  exitCode: number | null;
  /** The signal that ended the child, when one did. */
  exitSignal: NodeJS.Signals | null;
  /** The last ≤16 KiB of stderr, as text. */
  stderr: string;
}

/**
 * Runs a binary (ffmpeg / ffprobe) with `spawn`, streaming stdout to a callback. The promise
 * settles only after the child has exited, so no child outlives it: on abort, on a callback error
 * or on a spawn failure the child is killed (SIGKILL) and awaited first.
 *
 * A binary that cannot be started (ENOENT, EACCES) is a `CALLQA_FFMPEG_MISSING` error; a non-zero
 * exit is not an error here; callers interpret `exitCode` and `stderr`.
 */
export function runProcess(binary: string, args: readonly string[], opts: RunProcessOptions): Promise<ProcessResult> {
  return new Promise<ProcessResult>((resolve, reject) => {
    if (opts.signal?.aborted) {
      reject(abortReason(opts.signal));
      return;
    }
    const child = spawn(binary, args, { stdio: [opts.stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'] });
    let failure: unknown;
    let stderrChunks: Buffer[] = [];
    let stderrBytes = 0;

    const fail = (err: unknown): void => {
      if (failure !== undefined) return;
      failure = err;
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    };
    const onAbort = (): void => fail(abortReason(opts.signal));
    opts.signal?.addEventListener('abort', onAbort, { once: true });

    child.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT' || err.code === 'EACCES') {
        fail(new CallqaError(ErrorCodes.FFMPEG_MISSING, `cannot start ${binary}: ${err.code === 'ENOENT' ? 'not found' : 'permission denied'}; install ffmpeg or set FFMPEG_PATH/FFPROBE_PATH`, { cause: err }));
      } else {
        fail(err);
      }
    });
    child.stdout?.on('data', (chunk: Buffer) => {
      if (failure !== undefined) return;
      try {
        opts.onStdout(chunk);
      } catch (err) {
        fail(err);
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      stderrChunks.push(chunk);
      stderrBytes += chunk.length;
      if (stderrBytes > 2 * STDERR_TAIL_BYTES) {
        const all = Buffer.concat(stderrChunks);
        stderrChunks = [all.subarray(all.length - STDERR_TAIL_BYTES)];
        stderrBytes = STDERR_TAIL_BYTES;
      }
    });
    if (opts.stdin && child.stdin) {
      // The child may stop reading early (it rejected the input, or we killed it): that EPIPE is
      // expected and the exit status tells the story.
      child.stdin.on('error', () => undefined);
      child.stdin.end(opts.stdin);
    }
    // 'close' fires after the process exited and its stdio closed: the child is reaped.
    child.on('close', (exitCode, exitSignal) => {
      opts.signal?.removeEventListener('abort', onAbort);
      if (failure !== undefined) {
        reject(failure);
        return;
      }
      const all = Buffer.concat(stderrChunks);
      resolve({ exitCode, exitSignal, stderr: all.subarray(Math.max(0, all.length - STDERR_TAIL_BYTES)).toString('utf8') });
    });
  });
}

function abortReason(signal: AbortSignal | undefined): unknown {
  return signal?.reason ?? new DOMException('The operation was aborted', 'AbortError');
}

/** Generic trailer lines ffmpeg prints after the real reason. */
const GENERIC_LINES = [/^Conversion failed!?$/i, /^Exiting normally/i, /^Last message repeated/i, /^\[[^\]]*\] ?$/];

/**
 * The last line of ffmpeg/ffprobe stderr that says something, with the temporary or pipe input
 * name replaced by the real input name (and that name's own `name: ` prefix dropped, since
 * callers prefix it). When that line is a bare errno text ("Invalid argument"), the line before
 * it, which usually holds the cause, is prepended. Undefined when stderr holds nothing useful.
 */
export function lastMeaningfulLine(stderr: string, replace: { from: string; to: string }[] = []): string | undefined {
  const lines = stderr
    .split(/\r?\n/)
    .map((l) => clean(l, replace))
    .filter((l) => l.length > 0 && !GENERIC_LINES.some((re) => re.test(l)));
  const last = lines.at(-1);
  if (last === undefined) return undefined;
  const prev = lines.at(-2);
  const line = last.length < 30 && prev !== undefined && prev !== last ? `${prev}: ${last}` : last;
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}

function clean(raw: string, replace: { from: string; to: string }[]): string {
  // "[mp3 @ 0x1c59dbc0] Failed to read…" → "mp3: Failed to read…"
  let line = raw.trim().replace(/^\[([\w.,-]+) @ 0x[0-9a-f]+\] */i, '$1: ');
  for (const { from, to } of replace) line = line.split(from).join(to);
  for (const { to } of replace) if (line.startsWith(`${to}: `)) line = line.slice(to.length + 2);
  return line;
}
