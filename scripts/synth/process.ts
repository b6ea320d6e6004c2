import { spawn } from 'node:child_process';

/**
 * Runs a binary, feeding `stdin` and collecting stdout; rejects with the stderr tail on a
 * non-zero exit, and with an install hint when the binary is missing.
 */
export function runCollect(binary: string, args: readonly string[], stdin?: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { stdio: [stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let spawnError: Error | undefined;
    child.on('error', (e: NodeJS.ErrnoException) => {
      spawnError = e.code === 'ENOENT' ? new Error(`${binary} not found (Debian: apt-get install ${binary.includes('espeak') ? 'espeak-ng' : binary})`) : e;
    });
    child.stdout?.on('data', (c: Buffer) => out.push(c));
    child.stderr?.on('data', (c: Buffer) => err.push(c));
    if (stdin && child.stdin) {
      child.stdin.on('error', () => undefined);
      child.stdin.end(stdin);
    }
    child.on('close', (code) => {
      if (spawnError) return reject(spawnError);
      if (code !== 0) return reject(new Error(`${binary} ${args.slice(0, 12).join(' ')} exited with ${code}: ${Buffer.concat(err).toString('utf8').trim().split('\n').slice(-3).join(' | ')}`));
      resolve(Buffer.concat(out));
    });
  });
}

/** Float32Array ↔ raw f32le bytes (ffmpeg `-f f32le`). */
export function toF32le(samples: Float32Array): Buffer {
  return Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength);
}

export function fromF32le(buf: Buffer): Float32Array {
  const out = new Float32Array(Math.floor(buf.length / 4));
  for (let i = 0; i < out.length; i++) out[i] = buf.readFloatLE(4 * i);
  return out;
}

/** Runs one ffmpeg audio filter chain over mono float32 samples: f32le in, f32le mono out at `outRate`. */
export async function ffmpegFilter(ffmpegPath: string, samples: Float32Array, inRate: number, filter: string, outRate: number): Promise<Float32Array> {
  const args = ['-hide_banner', '-v', 'error', '-f', 'f32le', '-ar', String(inRate), '-ac', '1', '-i', 'pipe:0', '-af', filter, '-ar', String(outRate), '-ac', '1', '-f', 'f32le', 'pipe:1'];
  return fromF32le(await runCollect(ffmpegPath, args, toF32le(samples)));
}

/** High-quality (soxr) resampling of mono float32 samples. */
export function resample(ffmpegPath: string, samples: Float32Array, inRate: number, outRate: number): Promise<Float32Array> {
  if (inRate === outRate) return Promise.resolve(samples);
  return ffmpegFilter(ffmpegPath, samples, inRate, `aresample=${outRate}:resampler=soxr:precision=28`, outRate);
}

/**
 * Shifts pitch by `cents` keeping the duration: resample-based shift (asetrate) then WSOLA
 * time-stretch back (atempo). Works with any ffmpeg build (no rubberband needed).
 */
export function pitchShift(ffmpegPath: string, samples: Float32Array, sampleRate: number, cents: number): Promise<Float32Array> {
  if (cents === 0) return Promise.resolve(samples);
  const factor = 2 ** (cents / 1200);
  const filter = `asetrate=${Math.round(sampleRate * factor)},aresample=${sampleRate}:resampler=soxr,atempo=${(1 / factor).toFixed(6)}`;
  return ffmpegFilter(ffmpegPath, samples, sampleRate, filter, sampleRate);
}
