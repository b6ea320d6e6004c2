import { Tensor } from '@huggingface/transformers';
import { describe, expect, it } from 'vitest';
import { EarlyEndGuard, LoopStopper, tailRepeats } from '../../../core/asr/whisper-logits.js';
import { markLoopedChunks, maxNewTokensFor } from '../../../core/asr/whisper.js';

// A toy vocabulary: 0–49 text, 50 = end-of-text, 51 = no-timestamps, 52+ = timestamps.
const VOCAB = 120;
const EOS = 50;
const TS = 52;
const PROMPT = [60, 61, 62].map(BigInt); // stands for <|startoftranscript|><|zh|><|transcribe|>

function logits(rows: number): Tensor {
  return new Tensor('float32', new Float32Array(rows * VOCAB).fill(1), [rows, VOCAB]);
}
function row(t: Tensor, i: number): Float32Array {
  return (t as unknown as Tensor[])[i]!.data as Float32Array;
}
const ids = (...tokens: number[]): bigint[] => [...PROMPT, ...tokens.map(BigInt)];

describe('tailRepeats', () => {
  it('counts back-to-back repeats of the last unit', () => {
    expect(tailRepeats([1, 2, 3, 4, 3, 4, 3, 4], 2)).toBe(3);
    expect(tailRepeats([7, 7, 7, 7], 1)).toBe(4);
    expect(tailRepeats([1, 2, 3], 2)).toBe(1);
    expect(tailRepeats([], 1)).toBe(0);
  });
});

describe('LoopStopper', () => {
  it('forces end-of-text on a row looping over a phrase, ignoring interleaved timestamps', () => {
    const loop = [1, 2, 3, 4];
    const looping = ids(TS, ...loop, TS + 5, TS + 5, ...loop, TS + 9, TS + 9, ...loop, TS + 12, TS + 12, ...loop, TS + 20, TS + 20, ...loop);
    const healthy = ids(TS, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    const l = logits(2);
    new LoopStopper(EOS, TS, PROMPT.length)._call([looping, healthy], l);
    expect(row(l, 0)[EOS]).toBe(0);
    expect(row(l, 0)[1]).toBe(Number.NEGATIVE_INFINITY);
    expect(Array.from(row(l, 1)).every((x) => x === 1)).toBe(true);
  });

  it('stops a single token repeated ten times but not four', () => {
    const l = logits(2);
    new LoopStopper(EOS, TS, PROMPT.length)._call([ids(TS, ...Array(10).fill(9)), ids(TS, 9, 9, 9, 9)], l);
    expect(row(l, 0)[EOS]).toBe(0);
    expect(row(l, 1)[EOS]).toBe(1);
  });
});

describe('EarlyEndGuard', () => {
  it('forbids end-of-text until the latest timestamp reaches the row minimum', () => {
    const l = logits(2);
    new EarlyEndGuard(EOS, TS, [TS + 40, TS + 40])._call([ids(TS, 1, 2, TS + 10), ids(TS, 1, 2, TS + 45)], l);
    expect(row(l, 0)[EOS]).toBe(Number.NEGATIVE_INFINITY);
    expect(row(l, 1)[EOS]).toBe(1);
  });
});

describe('markLoopedChunks', () => {
  it('flags runs of four or more identical chunks only', () => {
    const c = (text: string) => ({ text, startMs: 0, endMs: 1 });
    const out = markLoopedChunks([c('你好'), c(' 共一年，'), c('共一年，'), c('共一年，'), c('共一年，'), c('嗯'), c('嗯'), c('嗯')]);
    expect(out.map((x) => x.looped === true)).toEqual([false, true, true, true, true, false, false, false]);
  });
});

describe('maxNewTokensFor', () => {
  it('scales with the window and never exceeds the decoder length', () => {
    expect(maxNewTokensFor(3000)).toBe(54);
    expect(maxNewTokensFor(30_000)).toBe(324);
    expect(maxNewTokensFor(30_000, 20, 100)).toBe(444);
  });
});
