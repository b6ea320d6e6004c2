import { Tensor, WhisperTimeStampLogitsProcessor } from '@huggingface/transformers';
import { describe, expect, it } from 'vitest';
import { EarlyEndGuard, LoopStopper, WhisperTimestampRules, tailRepeats } from '../../../core/asr/whisper-logits.js';
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

describe('WhisperTimestampRules', () => {
  // A small deterministic generator, so a failure can be replayed.
  let seed = 12345;
  const rand = (): number => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed / 2_147_483_648;
  };

  it('edits the logits exactly as transformers.js WhisperTimeStampLogitsProcessor does', () => {
    const reference = new WhisperTimeStampLogitsProcessor({ eos_token_id: EOS, no_timestamps_token_id: TS - 1, max_initial_timestamp_index: null } as never, PROMPT.map(Number));
    const ours = new WhisperTimestampRules(EOS, TS - 1, PROMPT.length);
    let forcedTimestamp = 0;
    for (let trial = 0; trial < 400; trial++) {
      // Random histories of text and timestamp tokens (empty included), random logits whose
      // timestamp mass sometimes wins and sometimes loses against the best text token.
      const history = Array.from({ length: Math.floor(rand() * 6) }, () => (rand() < 0.4 ? TS + Math.floor(rand() * 60) : Math.floor(rand() * EOS)));
      const tsBias = rand() * 6 - 4;
      const data = Float32Array.from({ length: VOCAB }, (_, k) => rand() * 8 + (k >= TS ? tsBias : 0));
      const a = new Tensor('float32', data.slice(), [1, VOCAB]);
      const b = new Tensor('float32', data.slice(), [1, VOCAB]);
      reference([ids(...history)], a);
      ours([ids(...history)], b);
      expect(Array.from(row(b, 0))).toEqual(Array.from(row(a, 0)));
      if (row(b, 0)[0] === Number.NEGATIVE_INFINITY) forcedTimestamp++;
    }
    // Both branches of the mass rule were exercised.
    expect(forcedTimestamp).toBeGreaterThan(40);
    expect(forcedTimestamp).toBeLessThan(360);
  });

  it('starts with a timestamp and keeps timestamps in pairs', () => {
    const rules = new WhisperTimestampRules(EOS, TS - 1, PROMPT.length);
    const first = logits(1);
    rules([ids()], first);
    expect(row(first, 0).slice(0, TS).every((v) => v === Number.NEGATIVE_INFINITY)).toBe(true);
    const afterPair = logits(1);
    rules([ids(TS, 5, TS + 3, TS + 3)], afterPair);
    expect(row(afterPair, 0).slice(TS).every((v) => v === Number.NEGATIVE_INFINITY)).toBe(true);
    const afterOne = logits(1);
    rules([ids(TS, 5, TS + 3)], afterOne);
    expect(row(afterOne, 0).slice(0, EOS).every((v) => v === Number.NEGATIVE_INFINITY)).toBe(true);
  });
});
