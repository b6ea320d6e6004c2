import { describe, expect, it } from 'vitest';
import type { Transcript, TranscriptSegment } from '../../../core/domain/transcript.js';
import { mixTranscripts } from '../../../bench/lib/cascade.js';

const seg = (speaker: 'agent' | 'customer', startMs: number, endMs: number, text: string, asrLogprob?: number): TranscriptSegment => ({ speaker, startMs, endMs, text, ...(asrLogprob === undefined ? {} : { asrLogprob }) });
const call = (segments: TranscriptSegment[]): Transcript => ({ callId: 'c', durationMs: 20_000, segments });

describe('mixTranscripts', () => {
  const base = call([seg('agent', 0, 4000, '我是受银行委托的', -0.2), seg('agent', 4500, 9000, '我们是发扬的', -0.9), seg('customer', 9500, 11_000, '啊', -1.5), seg('agent', 12_000, 14_000, '好的')]);
  const small = call([seg('agent', 0, 3900, '我是受银行委托的'), seg('agent', 4400, 6500, '我们是法院的'), seg('agent', 6600, 9100, '你的案子到了'), seg('customer', 9400, 11_100, '什么'), seg('agent', 12_000, 14_000, '好的')]);

  it('keeps base where it was sure and takes small’s segments of the same speaker inside the unsure ones', () => {
    const { transcript, replacedMs, speechMs } = mixTranscripts(base, small, -0.5);
    expect(transcript.segments.map((s) => s.text)).toEqual(['我是受银行委托的', '我们是法院的', '你的案子到了', '什么', '好的']);
    expect(replacedMs).toBe(4500 + 1500);
    expect(speechMs).toBe(4000 + 4500 + 1500 + 2000);
  });

  it('is base alone below every confidence and small inside every scored segment above all', () => {
    expect(mixTranscripts(base, small, -Infinity).transcript.segments).toEqual(base.segments);
    const all = mixTranscripts(base, small, Infinity);
    // The segment without a confidence stays base's: nothing says base was unsure of it.
    expect(all.transcript.segments.map((s) => s.text)).toEqual(['我是受银行委托的', '我们是法院的', '你的案子到了', '什么', '好的']);
    expect(all.replacedMs).toBe(4000 + 4500 + 1500);
  });

  it('never takes another speaker’s words', () => {
    const other = call([seg('customer', 5000, 8000, '我们是法院的')]);
    expect(mixTranscripts(base, other, -0.5).transcript.segments.map((s) => s.text)).toEqual(['我是受银行委托的', '好的']);
  });
});
