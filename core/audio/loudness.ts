import { SAMPLE_RATE } from '../domain/audio.js';
import type { SpeechSpan } from '../domain/transcript.js';

/** Floor for silence (and empty spans), so callers never see -Infinity or NaN. */
export const SILENCE_DB = -120;

/**
 * RMS level in dBFS of `samples` (16 kHz, full scale ±1) between `startMs` and `endMs`. The span
 * is clamped to the samples; an empty span or digital silence gives {@link SILENCE_DB}. A
 * full-scale sine is −3.01 dBFS; a full-scale square wave 0 dBFS.
 */
export function rmsDb(samples: Float32Array, startMs: number, endMs: number): number {
  const [from, to] = spanToIndexes(samples.length, startMs, endMs);
  if (to <= from) return SILENCE_DB;
  return toDb(sumSquares(samples, from, to) / (to - from));
}

/**
 * The loudest short window inside a span: the maximum over windows of `windowMs` (hop a quarter
 * window) of the RMS level, dBFS. A span shorter than one window gives its plain RMS. This is
 * what "shouting" looks like even inside a long, mostly calm segment.
 * @param windowMs - window length @defaultValue 50
 */
export function peakWindowDb(samples: Float32Array, startMs: number, endMs: number, windowMs = 50): number {
  const [from, to] = spanToIndexes(samples.length, startMs, endMs);
  if (to <= from) return SILENCE_DB;
  const win = Math.max(1, Math.round((windowMs * SAMPLE_RATE) / 1000));
  if (to - from <= win) return toDb(sumSquares(samples, from, to) / (to - from));
  const hop = Math.max(1, Math.floor(win / 4));
  let sum = sumSquares(samples, from, from + win);
  let best = sum;
  // Slide by `hop`, updating the running sum of squares; recompute now and then so that float
  // rounding cannot accumulate over long spans.
  let steps = 0;
  for (let start = from + hop; start + win <= to; start += hop) {
    if (++steps % 256 === 0) {
      sum = sumSquares(samples, start, start + win);
    } else {
      sum -= sumSquares(samples, start - hop, start);
      sum += sumSquares(samples, start + win - hop, start + win);
    }
    if (sum > best) best = sum;
  }
  return toDb(Math.max(0, best) / win);
}

/**
 * RMS level in dBFS over the speech spans only (pauses between them excluded), i.e. how loud a
 * speaker talks. Overlapping spans are not double-counted. No spans, or only empty ones, give
 * {@link SILENCE_DB}.
 */
export function speechLoudnessDb(samples: Float32Array, spans: readonly SpeechSpan[]): number {
  const ranges = spans
    .map((s) => spanToIndexes(samples.length, s.startMs, s.endMs))
    .filter(([from, to]) => to > from)
    .sort((a, b) => a[0] - b[0]);
  let total = 0;
  let count = 0;
  let covered = 0;
  for (const [from, to] of ranges) {
    const start = Math.max(from, covered);
    if (to <= start) continue;
    total += sumSquares(samples, start, to);
    count += to - start;
    covered = to;
  }
  return count === 0 ? SILENCE_DB : toDb(total / count);
}

function spanToIndexes(length: number, startMs: number, endMs: number): [number, number] {
  const from = Math.max(0, Math.min(length, Math.floor((startMs * SAMPLE_RATE) / 1000)));
  const to = Math.max(0, Math.min(length, Math.ceil((endMs * SAMPLE_RATE) / 1000)));
  return [from, to];
}

function sumSquares(samples: Float32Array, from: number, to: number): number {
  let sum = 0;
  for (let i = from; i < to; i++) {
    const v = samples[i] as number;
    sum += v * v;
  }
  return sum;
}

function toDb(meanSquare: number): number {
  if (!(meanSquare > 0)) return SILENCE_DB;
  return Math.max(SILENCE_DB, 10 * Math.log10(meanSquare));
}
