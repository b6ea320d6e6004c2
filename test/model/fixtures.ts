import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** `../shared` beside the repository (CI places it beside the clone). Fails clearly when absent. */
export function sharedPath(...parts: string[]): string {
  const root = resolve(repoRoot, '../shared');
  const path = join(root, ...parts);
  if (!existsSync(path)) {
    throw new Error(`test fixture missing: ${path} (the shared data folder must sit beside the repository as ../shared)`);
  }
  return path;
}

export const ffmpegPath: string = (createRequire(import.meta.url)('@ffmpeg-installer/ffmpeg') as { path: string }).path;
export const ffprobePath: string = (createRequire(import.meta.url)('@ffprobe-installer/ffprobe') as { path: string }).path;

/** Decodes a file to 16 kHz mono float32 with the ffmpeg binary (test-side only). */
export function decodeMono16k(path: string): Float32Array {
  const buf = execFileSync(ffmpegPath, ['-v', 'error', '-i', path, '-f', 'f32le', '-ac', '1', '-ar', '16000', '-'], {
    maxBuffer: 1 << 30,
  });
  return new Float32Array(buf.buffer, buf.byteOffset, buf.length / 4).slice();
}

/** Deterministic pseudo-random generator (mulberry32) for noise signals. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
