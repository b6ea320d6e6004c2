import { describe, expect, it } from 'vitest';
import { scoreCall, scoreCorpus, spanGapMs, type ExpectedFinding, type PredictedFinding } from '../../../bench/lib/detection-score.js';

const label = (category: ExpectedFinding['category'], startMs: number, endMs: number, callId = 'c1', scope: ExpectedFinding['scope'] = 'turn'): ExpectedFinding => ({
  callId,
  category,
  startMs,
  endMs,
  scope,
});
const pred = (category: PredictedFinding['category'], startMs: number, endMs: number, callId = 'c1'): PredictedFinding => ({ callId, category, startMs, endMs });

describe('spanGapMs', () => {
  it('is zero for overlapping spans and the distance otherwise', () => {
    expect(spanGapMs({ startMs: 0, endMs: 1000 }, { startMs: 500, endMs: 2000 })).toBe(0);
    expect(spanGapMs({ startMs: 0, endMs: 1000 }, { startMs: 1800, endMs: 2000 })).toBe(800);
    expect(spanGapMs({ startMs: 3000, endMs: 4000 }, { startMs: 0, endMs: 1000 })).toBe(2000);
  });
});

describe('scoreCall', () => {
  it('matches by category and judges location with a 1 s tolerance', () => {
    const s = scoreCall([label('impersonation', 10_000, 14_000)], [pred('impersonation', 14_900, 16_000)]);
    expect(s.matched).toHaveLength(1);
    expect(s.matched[0]?.located).toBe(true);
    expect(s.misses).toEqual([]);
    expect(s.falseHits).toEqual([]);
  });

  it('counts a same-category prediction far from the label as found but not located', () => {
    const s = scoreCall([label('impersonation', 10_000, 14_000)], [pred('impersonation', 30_000, 31_000)]);
    expect(s.matched).toHaveLength(1);
    expect(s.matched[0]?.located).toBe(false);
  });

  it('reports a wrong category as one miss and one false hit', () => {
    const s = scoreCall([label('impersonation', 10_000, 14_000)], [pred('threat_abuse', 10_000, 14_000)]);
    expect(s.matched).toEqual([]);
    expect(s.misses.map((m) => m.category)).toEqual(['impersonation']);
    expect(s.falseHits.map((m) => m.category)).toEqual(['threat_abuse']);
  });

  it('treats a second prediction on an already-matched label as a duplicate, not a false hit', () => {
    const s = scoreCall([label('contact_list_threat', 5000, 9000)], [pred('contact_list_threat', 5000, 7000), pred('contact_list_threat', 7000, 9000)]);
    expect(s.matched).toHaveLength(1);
    expect(s.duplicates).toHaveLength(1);
    expect(s.falseHits).toEqual([]);
  });

  it('pairs two labels of one category with the nearest predictions, one to one', () => {
    const labels = [label('threat_abuse', 1000, 3000), label('threat_abuse', 20_000, 23_000)];
    const s = scoreCall(labels, [pred('threat_abuse', 20_500, 21_000)]);
    expect(s.matched).toHaveLength(1);
    expect(s.matched[0]?.expected.startMs).toBe(20_000);
    expect(s.misses.map((m) => m.startMs)).toEqual([1000]);
  });

  it('accepts any time for whole-call labels', () => {
    const s = scoreCall([label('calling_hours', 0, 0, 'c1', 'call')], [pred('calling_hours', 0, 60_000), pred('calling_hours', 0, 1)]);
    expect(s.matched).toHaveLength(1);
    expect(s.matched[0]?.located).toBe(true);
    expect(s.duplicates).toHaveLength(1);
  });

  it('reports a prediction in a clean call as a false hit', () => {
    const s = scoreCall([], [pred('impersonation', 1000, 2000)]);
    expect(s.falseHits).toHaveLength(1);
  });
});

describe('scoreCorpus', () => {
  it('computes per-category and micro precision/recall and location accuracy across calls', () => {
    const expected = [
      label('impersonation', 1000, 3000, 'a'),
      label('impersonation', 1000, 3000, 'b'),
      label('contact_list_threat', 5000, 8000, 'b'),
      label('escalation_signal', 9000, 12_000, 'c'),
    ];
    const predicted = [
      pred('impersonation', 1500, 2500, 'a'),
      pred('impersonation', 40_000, 41_000, 'b'),
      pred('contact_list_threat', 5000, 6000, 'b'),
      pred('threat_abuse', 100, 200, 'd'),
    ];
    const s = scoreCorpus(expected, predicted);
    expect(s.micro.truePositives).toBe(3);
    expect(s.micro.falsePositives).toBe(1);
    expect(s.micro.falseNegatives).toBe(1);
    expect(s.micro.precision).toBeCloseTo(0.75);
    expect(s.micro.recall).toBeCloseTo(0.75);
    expect(s.locationAccuracy).toBeCloseTo(2 / 3);
    expect(s.perCategory.impersonation).toMatchObject({ expected: 2, predicted: 2, truePositives: 2, located: 1, precision: 1, recall: 1 });
    expect(s.perCategory.escalation_signal).toMatchObject({ expected: 1, predicted: 0, precision: null, recall: 0 });
    expect(s.perCategory.threat_abuse).toMatchObject({ expected: 0, predicted: 1, precision: 0, recall: null });
    expect(s.misses.map((m) => m.callId)).toEqual(['c']);
    expect(s.falseHits.map((f) => f.callId)).toEqual(['d']);
    expect(s.unlocated.map((m) => m.expected.callId)).toEqual(['b']);
  });

  it('does not match across calls', () => {
    const s = scoreCorpus([label('impersonation', 0, 1000, 'a')], [pred('impersonation', 0, 1000, 'b')]);
    expect(s.micro.truePositives).toBe(0);
    expect(s.micro.recall).toBe(0);
    expect(s.micro.precision).toBe(0);
  });
});
