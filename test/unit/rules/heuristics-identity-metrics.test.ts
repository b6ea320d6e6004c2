import { describe, expect, it } from 'vitest';
import type { Transcript } from '../../../core/domain/transcript.js';
import { ruleContextFromMeta } from '../../../core/rules/context.js';
import { computeMetrics } from '../../../core/rules/heuristics/metrics.js';
import { detectMissingIdentity } from '../../../core/rules/heuristics/missing-identity.js';
import { getPolicy, loadPolicySet } from '../../../core/rules/policy/index.js';

const policy = getPolicy(loadPolicySet(), 'default');

const talk: Transcript = {
  callId: 'c',
  durationMs: 20_000,
  segments: [
    { speaker: 'customer', startMs: 500, endMs: 1500, text: '喂?' },
    { speaker: 'agent', startMs: 2000, endMs: 6000, text: '您好,请问是张先生本人吗?', loudnessDb: -20, peakLoudnessDb: -14 },
    { speaker: 'customer', startMs: 5000, endMs: 7000, text: '是我' },
    { speaker: 'agent', startMs: 8000, endMs: 12_000, text: '您的账单已经逾期二十天了', loudnessDb: -10, peakLoudnessDb: -4 },
    { speaker: 'agent', startMs: 15_000, endMs: 16_000, text: '谢谢观看', trusted: false, loudnessDb: -50 },
  ],
};

describe('missing identity statement', () => {
  const run = (t: Transcript, statements: Array<{ startMs: number; endMs: number; text: string }>) =>
    detectMissingIdentity({ transcript: t, ctx: ruleContextFromMeta({}), policy }, statements);

  it('fires when the agent spoke but never stated the mandate; points at the opening', () => {
    const f = run(talk, []);
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ category: 'missing_identity_statement', source: 'script', speaker: 'agent', startMs: 2000, endMs: 6000 });
    expect(f[0]?.evidence).toBe('您好,请问是张先生本人吗?');
  });

  it('does not fire once the lexicon found an identity statement', () => {
    expect(run(talk, [{ startMs: 2000, endMs: 6000, text: '我是受招商银行委托的催收公司' }])).toEqual([]);
  });

  it('does not fire when the agent barely spoke (hang-up after 喂) or only untrusted text exists', () => {
    const short: Transcript = { callId: 'c', durationMs: 3000, segments: [{ speaker: 'agent', startMs: 0, endMs: 800, text: '喂,你好' }] };
    expect(run(short, [])).toEqual([]);
    const ghost: Transcript = {
      callId: 'c',
      durationMs: 30_000,
      segments: [{ speaker: 'agent', startMs: 0, endMs: 9000, text: '请不吝点赞订阅转发打赏支持明镜与点点栏目', trusted: false }],
    };
    expect(run(ghost, [])).toEqual([]);
  });
});

describe('metrics', () => {
  it('from segments: talk, silence, overlap, loudness and speech rate', () => {
    const m = computeMetrics(talk, 2);
    // agent trusted 2000–6000 + 8000–12000; customer 500–1500 + 5000–7000
    expect(m.agentTalkMs).toBe(8000);
    expect(m.customerTalkMs).toBe(3000);
    // speech union: 500–1500, 2000–7000, 8000–12000 = 10000 → silence 10000
    expect(m.silenceMs).toBe(10_000);
    expect(m.overlapMs).toBe(1000);
    expect(m.interruptions).toBe(2);
    expect(m.agentPeakLoudnessDb).toBe(-4);
    // power mean over 4 s at −20, 4 s at −10, 1 s at −50 (untrusted but audible) ≈ −12.9
    expect(m.agentMeanLoudnessDb).toBeCloseTo(10 * Math.log10((4 * 0.01 + 4 * 0.1 + 1 * 1e-5) / 9), 1);
    // 11 + 12 chars without punctuation over 8 s of trusted agent segments
    expect(m.agentSpeechRateCps).toBeCloseTo(23 / 8, 2);
  });

  it('prefers VAD activity for talk and overlap', () => {
    const m = computeMetrics({ ...talk, activity: { agent: [{ startMs: 2100, endMs: 5900 }], customer: [{ startMs: 5000, endMs: 6500 }, { startMs: 6400, endMs: 7000 }] } }, 0);
    expect(m.agentTalkMs).toBe(3800);
    expect(m.customerTalkMs).toBe(2000);
    expect(m.overlapMs).toBe(900);
    expect(m.silenceMs).toBe(20_000 - 4900);
  });

  it('text-only transcripts get text metrics and no loudness', () => {
    const textOnly: Transcript = {
      callId: 'c',
      durationMs: 10_000,
      segments: [
        { speaker: 'agent', startMs: 0, endMs: 2000, text: '您好您好' },
        { speaker: 'customer', startMs: 3000, endMs: 4000, text: '嗯' },
      ],
    };
    const m = computeMetrics(textOnly, 0);
    expect(m).toEqual({ agentTalkMs: 2000, customerTalkMs: 1000, silenceMs: 7000, overlapMs: 0, interruptions: 0, agentSpeechRateCps: 2 });
  });
});
