/** Tying Whisper's chunks to the log-probabilities of their own tokens. */
import { describe, expect, it } from 'vitest';
import { chunkLogprobs, textRuns } from '../../../core/asr/whisper.js';

const ids = { eos: 50257, timestampBegin: 50364 };
const ts = (s: number) => ids.timestampBegin + Math.round(s / 0.02);

describe('textRuns', () => {
  it('splits at timestamp tokens and averages each run\'s own tokens', () => {
    const generated = [ts(0), 100, 200, ts(1.5), ts(1.5), 300, ts(3), ids.eos];
    const logprobs = [-0.01, -0.2, -0.4, -0.02, -0.03, -1.5, -0.05, -0.01];
    expect(textRuns(generated, logprobs, ids)).toEqual([
      { tokens: [100, 200], logprob: expect.closeTo(-0.3, 9) },
      { tokens: [300], logprob: -1.5 },
    ]);
  });

  it('ignores special tokens and keeps a trailing run without a closing timestamp', () => {
    const generated = [ts(0), 100, 50_300, 200];
    const logprobs = [-0.1, -0.5, -9, -0.7];
    expect(textRuns(generated, logprobs, ids)).toEqual([{ tokens: [100, 200], logprob: expect.closeTo(-0.6, 9) }]);
  });

  it('yields nothing for a window with no text', () => {
    expect(textRuns([ts(0), ts(30), ids.eos], [-0.1, -0.1, -0.1], ids)).toEqual([]);
  });
});

describe('chunkLogprobs', () => {
  const run = (text: string, logprob: number, tokens = 1) => ({ text, logprob, tokens: new Array<number>(tokens).fill(1) });

  it('gives each chunk its own run\'s log-probability', () => {
    expect(chunkLogprobs(['您好', '是我'], [run('您好', -0.1, 2), run('是我', -0.5, 2)])).toEqual([-0.1, -0.5]);
  });

  it('joins the runs of a chunk whose timestamps touched, weighted by token count (你 + 你 → 你你)', () => {
    const out = chunkLogprobs(['我', '你你', '我'], [run('我', -2), run('你', -1, 1), run('你', -0.5, 3), run('我', -0.2)]);
    expect(out).toEqual([-2, expect.closeTo((-1 - 1.5) / 4, 9), -0.2]);
  });

  it('refuses to guess when the texts do not line up', () => {
    expect(chunkLogprobs(['您好是我'], [run('您好', -0.1), run('不是', -0.3)])).toBeUndefined();
    expect(chunkLogprobs(['您好'], [run('您好', -0.1), run('多余', -0.3)])).toBeUndefined();
  });
});
