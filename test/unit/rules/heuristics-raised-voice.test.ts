import { describe, expect, it } from 'vitest';
import type { Transcript, TranscriptSegment } from '../../../core/domain/transcript.js';
import { ruleContextFromMeta } from '../../../core/rules/context.js';
import { detectRaisedVoice } from '../../../core/rules/heuristics/raised-voice.js';
import { getPolicy, loadPolicySet, type Policy } from '../../../core/rules/policy/index.js';

const policy = getPolicy(loadPolicySet(), 'default');

/** Agent segments of 2 s every 5 s with the given loudness (dBFS), and a customer segment between. */
function call(levels: Array<number | [number, number]>, extra: Partial<TranscriptSegment> = {}): Transcript {
  const segments: TranscriptSegment[] = [];
  levels.forEach((l, i) => {
    const [loudnessDb, peakLoudnessDb] = Array.isArray(l) ? l : [l, l + 6];
    segments.push({ speaker: 'agent', startMs: i * 5000, endMs: i * 5000 + 2000, text: `坐席第${i}句`, loudnessDb, peakLoudnessDb, ...extra });
    segments.push({ speaker: 'customer', startMs: i * 5000 + 2500, endMs: i * 5000 + 4000, text: '嗯', loudnessDb: -5 });
  });
  return { callId: 'c', durationMs: levels.length * 5000, segments };
}

const run = (t: Transcript, p: Policy = policy) => detectRaisedVoice({ transcript: t, ctx: ruleContextFromMeta({}), policy: p });

describe('raised voice', () => {
  it('one segment far above the agent baseline fires, at that segment, with the numbers', () => {
    const f = run(call([-20, -21, -19, -20, -7.1, -20]));
    expect(f).toHaveLength(1);
    const [x] = f;
    expect(x).toMatchObject({ category: 'raised_voice', source: 'acoustic', speaker: 'agent', startMs: 20000, endMs: 22000, evidence: '坐席第4句' });
    expect(x?.detail).toContain('\u22127.1 dBFS');
    expect(x?.detail).toContain('12.9 dB above the agent');
    expect(x?.detail).toContain('median \u221220.0 dBFS');
  });

  it('a margin just under the threshold does not fire', () => {
    expect(run(call([-20, -20, -20, -10.5, -20]))).toHaveLength(0);
    expect(run(call([-20, -20, -20, -10, -20]))).toHaveLength(1);
  });

  it('a uniformly loud agent never fires the relative rule, but the absolute bound still fires', () => {
    expect(run(call([[-9, -5], [-8, -4], [-9, -5], [-8, -4], [-9, -5]]))).toHaveLength(0);
    const loud = run(call([-5, -5.5, -5, -6, -5.2]));
    // All at or above −6 dBFS RMS, 3 s apart (≤ mergeGapMs) with nothing quiet between → one passage.
    expect(loud).toHaveLength(1);
    expect(loud[0]?.detail).toContain('absolute bound');
    expect(loud[0]?.startMs).toBe(0);
    expect(loud[0]?.endMs).toBe(22000);
  });

  it('the customer shouting is not the agent raising his voice', () => {
    expect(run(call([-20, -20, -20, -20])).filter((f) => f.speaker !== 'agent')).toHaveLength(0);
    expect(run(call([-20, -20, -20, -20]))).toHaveLength(0);
  });

  it('segments shorter than minSegmentMs are ignored', () => {
    const t = call([-20, -20, -20, -20]);
    t.segments.push({ speaker: 'agent', startMs: 21000, endMs: 21400, text: '喂!', loudnessDb: -3, peakLoudnessDb: -1 });
    expect(run(t)).toHaveLength(0);
  });

  it('a 50 ms peak at the absolute peak bound fires even near the baseline', () => {
    const f = run(call([-20, -20, [-18, -2.5], -20]));
    expect(f).toHaveLength(1);
    expect(f[0]?.startMs).toBe(10000);
  });

  it('adjacent loud segments form one passage; a quiet agent segment between splits them', () => {
    const passage = run(call([-22, -22, -8, -9, -22, -22]));
    expect(passage).toHaveLength(1);
    expect(passage[0]).toMatchObject({ startMs: 10000, endMs: 17000, evidence: '坐席第2句 坐席第3句' });
    const split = run(call([-22, -22, -8, -22, -9, -22, -22]));
    expect(split.map((f) => f.startMs)).toEqual([10000, 20000]);
  });

  it('a customer reply between two shouts splits them into two findings; a backchannel does not', () => {
    const t = call([-22, -22, -8, -9, -22, -22]);
    const answered = structuredClone(t);
    // The customer segment between the two loud agent segments (10–12 s and 15–17 s).
    answered.segments.find((s) => s.speaker === 'customer' && s.startMs === 12500)!.text = '你吼什么吼?';
    expect(run(answered).map((f) => [f.startMs, f.endMs])).toEqual([
      [10000, 12000],
      [15000, 17000],
    ]);
    const nodding = structuredClone(t);
    nodding.segments.find((s) => s.speaker === 'customer' && s.startMs === 12500)!.text = '嗯,好的。';
    expect(run(nodding)).toHaveLength(1);
  });

  it('too few segments for a baseline: only the absolute bound applies', () => {
    expect(run(call([-25, -12]))).toHaveLength(0);
    expect(run(call([-25, -4]))).toHaveLength(1);
  });

  it('untrusted quiet text does not drag the baseline down; text over silence is never a candidate', () => {
    const t = call([-20, -21, -20]);
    for (let i = 0; i < 4; i++) {
      t.segments.push({ speaker: 'agent', startMs: 20_000 + i * 3000, endMs: 22_000 + i * 3000, text: '谢谢观看', trusted: false, loudnessDb: -52, peakLoudnessDb: -45 });
    }
    expect(run(t)).toEqual([]);
    t.segments.push({ speaker: 'agent', startMs: 40_000, endMs: 42_000, text: '字幕', trusted: false, untrustedReason: 'no_speech_energy', loudnessDb: -2, peakLoudnessDb: -1 });
    expect(run(t)).toEqual([]);
  });

  it('text-only transcripts (no loudness) give nothing', () => {
    const t = call([-20, -5, -20, -20]);
    for (const s of t.segments) {
      delete s.loudnessDb;
      delete s.peakLoudnessDb;
    }
    expect(run(t)).toHaveLength(0);
  });

  it('follows the policy margin', () => {
    const tight: Policy = { ...policy, raisedVoice: { ...policy.raisedVoice, baselineMarginDb: 5 } };
    expect(run(call([-20, -20, -14, -20]))).toHaveLength(0);
    expect(run(call([-20, -20, -14, -20]), tight)).toHaveLength(1);
  });
});
