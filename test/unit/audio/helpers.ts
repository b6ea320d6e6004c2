import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { loadRuntimeConfig } from '../../../core/config/runtime.js';

/** The ffmpeg/ffprobe binaries the project runs with (npm packages, or FFMPEG_PATH/FFPROBE_PATH). */
export const runtime = loadRuntimeConfig(process.env);

/** Runs the real ffmpeg binary synchronously to make a fixture; throws with its stderr on failure. */
export function ffmpeg(args: string[]): void {
  const r = spawnSync(runtime.ffmpegPath, ['-hide_banner', '-v', 'error', '-nostdin', '-y', ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`ffmpeg ${args.join(' ')} failed: ${r.stderr}`);
}

/**
 * Power of one frequency in a span of a 16 kHz signal, relative to the span's total power (dB),
 * by the Goertzel algorithm over a Hann window (so leakage from a strong tone elsewhere stays
 * far below the levels the tests compare).
 */
export function toneRelativeDb(samples: Float32Array, freqHz: number, sampleRate = 16_000): number {
  const n = samples.length;
  const coeff = 2 * Math.cos((2 * Math.PI * freqHz) / sampleRate);
  let s1 = 0;
  let s2 = 0;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const w = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / (n - 1));
    const x = (samples[i] as number) * w;
    total += x * x;
    const s0 = x + coeff * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  const power = s1 * s1 + s2 * s2 - coeff * s1 * s2;
  // A pure windowed tone puts total·n/2 into its bin (Parseval); normalise so it reads ~0 dB.
  return 10 * Math.log10(Math.max(1e-30, power / ((total * n) / 2)));
}

/** The frequency among `candidates` with the most power. */
export function dominantFrequency(samples: Float32Array, candidates: number[]): number {
  let best = candidates[0] as number;
  let bestDb = -Infinity;
  for (const f of candidates) {
    const db = toneRelativeDb(samples, f);
    if (db > bestDb) {
      bestDb = db;
      best = f;
    }
  }
  return best;
}

/** A full second from the middle of a channel (avoids codec edges). */
export function middleSecond(channel: Float32Array | undefined): Float32Array {
  if (!channel) throw new Error('missing channel');
  const mid = Math.floor(channel.length / 2);
  return channel.subarray(mid - 8000, mid + 8000);
}

/** ffmpeg/ffprobe children of this process still alive (zombies included). */
export function childFfmpegPids(): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // pid (comm) state ppid …
      const m = /^\d+ \((.*)\) (\S) (\d+)/.exec(stat);
      if (m && Number(m[3]) === process.pid && /ff(mpeg|probe)/.test(m[1] ?? '')) pids.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return pids;
}
