import { describe, expect, it } from 'vitest';
import { speechSpansFromProbabilities, type FrameProcessorOptions } from '../../../core/vad/frame-processor.js';

/** Builds a probability sequence from runs of [probability, frames]. */
function seq(...runs: [number, number][]): number[] {
  return runs.flatMap(([p, n]) => Array.from({ length: n }, () => p));
}

/** No padding, no merging, no onset backtracking: the raw hysteresis spans. */
const noPad: Partial<FrameProcessorOptions> = { preSpeechPadMs: 0, postSpeechPadMs: 0, mergeGapMs: 0, onsetThreshold: 1 };

describe('speechSpansFromProbabilities', () => {
  it('finds speech onset and end on 32 ms frames', () => {
    // 10 frames silence, 20 frames speech, 30 frames silence.
    const probs = seq([0.05, 10], [0.9, 20], [0.05, 30]);
    expect(speechSpansFromProbabilities(probs, 60 * 32, noPad)).toEqual([{ startMs: 320, endMs: 960 }]);
  });

  it('returns nothing on silence or sub-threshold noise', () => {
    expect(speechSpansFromProbabilities(seq([0.01, 200]), 6400)).toEqual([]);
    expect(speechSpansFromProbabilities(seq([0.45, 200]), 6400)).toEqual([]);
  });

  it('drops blips shorter than minSpeechMs', () => {
    const probs = seq([0, 10], [0.9, 3], [0, 30], [0.9, 20], [0, 30]);
    const spans = speechSpansFromProbabilities(probs, probs.length * 32, { ...noPad, minSpeechMs: 200 });
    expect(spans).toEqual([{ startMs: 43 * 32, endMs: 63 * 32 }]);
  });

  it('bridges pauses shorter than the redemption time and splits on longer ones', () => {
    const short = seq([0.9, 20], [0.1, 5], [0.9, 20], [0, 40]); // 160 ms pause
    expect(speechSpansFromProbabilities(short, short.length * 32, { ...noPad, redemptionMs: 300 })).toEqual([
      { startMs: 0, endMs: 45 * 32 },
    ]);
    const long = seq([0.9, 20], [0.1, 15], [0.9, 20], [0, 40]); // 480 ms pause
    expect(speechSpansFromProbabilities(long, long.length * 32, { ...noPad, redemptionMs: 300 })).toEqual([
      { startMs: 0, endMs: 20 * 32 },
      { startMs: 35 * 32, endMs: 55 * 32 },
    ]);
  });

  it('keeps speech going between the two thresholds (hysteresis) but does not start on it', () => {
    const probs = seq([0.4, 10], [0.9, 10], [0.4, 30], [0, 20]);
    expect(speechSpansFromProbabilities(probs, probs.length * 32, noPad)).toEqual([{ startMs: 320, endMs: 50 * 32 }]);
  });

  it('backtracks a span onset over the weak frames just before it, bounded and never into the previous span', () => {
    // A soft onset: 6 frames at 0.2 before the detector is convinced (as Silero on a nasal or
    // band-limited first syllable), after true silence.
    const soft = seq([0, 20], [0.2, 6], [0.9, 20], [0, 30]);
    const on = { ...noPad, onsetThreshold: 0.1 };
    expect(speechSpansFromProbabilities(soft, soft.length * 32, on)).toEqual([{ startMs: 20 * 32, endMs: 46 * 32 }]);
    expect(speechSpansFromProbabilities(soft, soft.length * 32, noPad)).toEqual([{ startMs: 26 * 32, endMs: 46 * 32 }]);
    // At most maxOnsetBacktrackMs (4 frames = 128 ms).
    expect(speechSpansFromProbabilities(soft, soft.length * 32, { ...on, maxOnsetBacktrackMs: 128 })).toEqual([
      { startMs: 22 * 32, endMs: 46 * 32 },
    ]);
    // Weak frames within the redemption time (300 ms ≈ 10 frames) of the previous span's end
    // are its tail: the onset stops there, so the two spans stay apart.
    const close = seq([0.9, 20], [0.2, 12], [0.9, 20], [0, 30]);
    expect(speechSpansFromProbabilities(close, close.length * 32, on)).toEqual([
      { startMs: 0, endMs: 20 * 32 },
      { startMs: 30 * 32, endMs: 52 * 32 },
    ]);
  });

  it('pads spans and clamps the padding to [0, duration]', () => {
    const probs = seq([0.9, 20], [0, 30], [0.9, 20]);
    const durationMs = probs.length * 32 - 10; // the last frame is partial
    const spans = speechSpansFromProbabilities(probs, durationMs, { preSpeechPadMs: 100, postSpeechPadMs: 200, mergeGapMs: 0 });
    expect(spans).toEqual([
      { startMs: 0, endMs: 20 * 32 + 200 },
      { startMs: 50 * 32 - 100, endMs: durationMs },
    ]);
  });

  it('merges spans whose padded gap is within mergeGapMs', () => {
    const probs = seq([0, 10], [0.9, 20], [0, 15], [0.9, 20], [0, 30]); // gap 480 ms
    const opts = { preSpeechPadMs: 100, postSpeechPadMs: 100, redemptionMs: 200 };
    expect(speechSpansFromProbabilities(probs, probs.length * 32, { ...opts, mergeGapMs: 300 })).toEqual([
      { startMs: 220, endMs: 65 * 32 + 100 },
    ]);
    expect(speechSpansFromProbabilities(probs, probs.length * 32, { ...opts, mergeGapMs: 200 })).toHaveLength(2);
  });

  it('splits spans longer than maxSegmentMs at the quietest frame', () => {
    // 1000 frames (32 s) of speech with one dip to 0.36 at frame 700 (22.4 s).
    const probs = seq([0.9, 1000]);
    probs[700] = 0.36;
    const spans = speechSpansFromProbabilities(probs, 32_000, { ...noPad, maxSegmentMs: 28_000 });
    expect(spans).toEqual([
      { startMs: 0, endMs: 22_416 },
      { startMs: 22_416, endMs: 32_000 },
    ]);
    const veryLong = speechSpansFromProbabilities(seq([0.9, 3000]), 96_000, { ...noPad, maxSegmentMs: 28_000 });
    expect(veryLong.length).toBeGreaterThanOrEqual(4);
    for (const s of veryLong) expect(s.endMs - s.startMs).toBeLessThanOrEqual(28_000);
    expect(veryLong[0]?.startMs).toBe(0);
    expect(veryLong.at(-1)?.endMs).toBe(96_000);
    for (let i = 1; i < veryLong.length; i++) expect(veryLong[i]?.startMs).toBe(veryLong[i - 1]?.endMs);
  });

  it('closes speech still open at the end of the channel', () => {
    const probs = seq([0, 10], [0.9, 20]);
    expect(speechSpansFromProbabilities(probs, 30 * 32, noPad)).toEqual([{ startMs: 320, endMs: 960 }]);
  });
});
