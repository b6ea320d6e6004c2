import { describe, expect, it } from 'vitest';
import { CORPUS_CALLS } from '../../../bench/corpus/index.js';
import { defaultGapMs, toCallTurns } from '../../../bench/corpus/render.js';
import { heardAround } from '../../../bench/lib/report-md.js';
import type { DetectionCallResult } from '../../../bench/lib/results.js';

describe('toCallTurns', () => {
  it('turns a negative gap into over-talk, keeps gains, and gives every other turn a 350–900 ms pause', () => {
    const call = CORPUS_CALLS.find((c) => c.id === 'in-01');
    if (!call) throw new Error('in-01 missing');
    const turns = toCallTurns(call);
    const cut = call.turns.findIndex((t) => (t.gapMs ?? 0) < 0);
    expect(turns[cut]).toMatchObject({ speaker: 'agent', overlapMs: -(call.turns[cut]?.gapMs ?? 0) });
    expect(turns[cut]?.gapMs).toBeUndefined();
    for (const [i, t] of turns.entries()) {
      if (i === cut || t.overlapMs !== undefined) continue;
      expect(t.gapMs).toBeGreaterThanOrEqual(350);
      expect(t.gapMs).toBeLessThanOrEqual(900);
    }
    const shouted = toCallTurns(CORPUS_CALLS.find((c) => c.id === 'rv-01') as (typeof CORPUS_CALLS)[number]).find((t) => t.gainDb !== undefined);
    expect(shouted?.gainDb).toBeGreaterThanOrEqual(10);
  });
  it('is deterministic per call and turn', () => {
    expect(defaultGapMs('cl-01', 3)).toBe(defaultGapMs('cl-01', 3));
    const gaps = new Set(Array.from({ length: 20 }, (_, i) => defaultGapMs('cl-01', i)));
    expect(gaps.size).toBeGreaterThan(10);
  });
});

describe('heardAround', () => {
  const call: DetectionCallResult = {
    callId: 'x',
    audioMs: 30_000,
    wallMs: 3000,
    findings: [],
    segments: [
      { speaker: 'agent', startMs: 1000, endMs: 3000, text: '您好', trusted: true },
      { speaker: 'customer', startMs: 3500, endMs: 5000, text: '是我', trusted: true },
      { speaker: 'agent', startMs: 9000, endMs: 12_000, text: '通讯录', trusted: false },
    ],
  };
  it('lists the segments overlapping the span ±1 s, speaker-tagged, untrusted marked', () => {
    expect(heardAround(call, { startMs: 4100, endMs: 8200 })).toBe('C: 是我 / A: 通讯录 [untrusted]');
    expect(heardAround(call, { startMs: 0, endMs: 5000 }, 'agent')).toBe('A: 您好');
  });
  it('says when nothing was transcribed there or the call did not run', () => {
    expect(heardAround(call, { startMs: 20_000, endMs: 25_000 })).toBe('(nothing transcribed there)');
    expect(heardAround(undefined, { startMs: 0, endMs: 1 })).toBe('(call not run)');
  });
});
