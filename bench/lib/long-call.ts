import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { encodeTelephone } from '../../scripts/synth/index.js';
import { fromF32le, runCollect } from '../../scripts/synth/process.js';
import { readManifest, SHARED_AUDIO_DIR } from './manifest.js';

const RATE = 16_000;
export const LONG_CALL_MS = 180_000;
export const DEFAULT_LONG_CALL_PATH = join(import.meta.dirname, '..', '.cache', 'long-call-3min.wav');

async function decodeMono16k(ffmpegPath: string, file: string): Promise<Float32Array> {
  return fromF32le(await runCollect(ffmpegPath, ['-hide_banner', '-v', 'error', '-i', file, '-ac', '1', '-ar', String(RATE), '-f', 'f32le', 'pipe:1']));
}

/**
 * Builds a 3-minute stereo call from real Mandarin speech: the agent channel speaks the 40 s
 * long-form reading in 4–9 s pieces, the customer channel answers with the seven manifest clips,
 * in turn, with 0.4–1.2 s pauses, cycling through the material until 3 minutes are filled.
 * Encoded like a call-centre recording (8 kHz μ-law, telephone band). Deterministic.
 * Returns the path (reused when it exists).
 */
export async function ensureLongCall(ffmpegPath: string, outPath = DEFAULT_LONG_CALL_PATH): Promise<string> {
  if (existsSync(outPath)) return outPath;
  const longform = await decodeMono16k(ffmpegPath, join(SHARED_AUDIO_DIR, 'longform', 'zh_liaozhai_40s.mp3'));
  const clips: Float32Array[] = [];
  for (const item of await readManifest('manifest.tsv')) clips.push(await decodeMono16k(ffmpegPath, item.path));
  const pieceS = [6, 4.5, 8, 5, 9, 7, 5.5];
  const gapS = [0.6, 0.9, 0.4, 1.2, 0.7, 0.5, 1.0, 0.8];
  const total = (LONG_CALL_MS / 1000) * RATE;
  const agent = new Float32Array(total);
  const customer = new Float32Array(total);
  let at = Math.round(0.5 * RATE);
  let lfPos = 0;
  for (let turn = 0; at < total; turn++) {
    let piece: Float32Array;
    const dest = turn % 2 === 0 ? agent : customer;
    if (turn % 2 === 0) {
      const len = Math.round((pieceS[(turn / 2) % pieceS.length] as number) * RATE);
      if (lfPos + len > longform.length) lfPos = 0;
      piece = longform.subarray(lfPos, lfPos + len);
      lfPos += len;
    } else {
      piece = clips[((turn - 1) / 2) % clips.length] as Float32Array;
    }
    const n = Math.min(piece.length, total - at);
    dest.set(piece.subarray(0, n), at);
    at += n + Math.round((gapS[turn % gapS.length] as number) * RATE);
  }
  await mkdir(dirname(outPath), { recursive: true });
  await writeFile(outPath, await encodeTelephone(ffmpegPath, [agent, customer]));
  return outPath;
}
