import type { Category } from '../../core/domain/report.js';

/**
 * Detection scoring for the labelled corpus: predicted findings are matched to expected ones by
 * call and category; location is judged by time. Pure functions, unit-tested.
 */

/** How close (ms) a predicted span may be to a label span and still count as located. */
export const LOCATION_TOLERANCE_MS = 1000;

export interface ExpectedFinding {
  callId: string;
  category: Category;
  startMs: number;
  endMs: number;
  /** `call`: a whole-call finding (calling hours, missing identity): any time is right. */
  scope: 'turn' | 'call';
  /** What was said in the labelled turn(s) (the script text), for the report. */
  said?: string;
}

export interface PredictedFinding {
  callId: string;
  category: Category;
  startMs: number;
  endMs: number;
  ruleId?: string;
  /** Evidence words as transcribed. */
  evidence?: string;
}

export interface MatchedPair {
  expected: ExpectedFinding;
  predicted: PredictedFinding;
  located: boolean;
}

export interface CallScore {
  matched: MatchedPair[];
  /** Expected findings no prediction accounted for. */
  misses: ExpectedFinding[];
  /** Predictions that match no expected finding. */
  falseHits: PredictedFinding[];
  /** Extra predictions of a category at an already-matched label (same event reported twice). */
  duplicates: PredictedFinding[];
}

/** Gap in ms between two spans (0 when they overlap or touch). */
export function spanGapMs(a: { startMs: number; endMs: number }, b: { startMs: number; endMs: number }): number {
  if (a.endMs < b.startMs) return b.startMs - a.endMs;
  if (b.endMs < a.startMs) return a.startMs - b.endMs;
  return 0;
}

export function isLocated(expected: ExpectedFinding, predicted: { startMs: number; endMs: number }, toleranceMs = LOCATION_TOLERANCE_MS): boolean {
  return expected.scope === 'call' || spanGapMs(expected, predicted) <= toleranceMs;
}

/**
 * Matches one call's predictions to its labels, category by category, one to one:
 * 1. pairs whose spans are located (overlap or within the tolerance), nearest first;
 * 2. the remaining labels and predictions of the same category, in time order (found, but
 *    at the wrong place: counts for recall/precision, not for location accuracy);
 * 3. left-over predictions located at an already-matched label are duplicates, not false hits;
 *    everything else left over is a false hit, every unmatched label a miss.
 */
export function scoreCall(expected: readonly ExpectedFinding[], predicted: readonly PredictedFinding[], toleranceMs = LOCATION_TOLERANCE_MS): CallScore {
  const out: CallScore = { matched: [], misses: [], falseHits: [], duplicates: [] };
  const categories = new Set<Category>([...expected.map((e) => e.category), ...predicted.map((p) => p.category)]);
  for (const category of categories) {
    const labels = expected.filter((e) => e.category === category).sort(byStart);
    const preds = predicted.filter((p) => p.category === category).sort(byStart);
    const freeLabels = new Set(labels);
    const freePreds = new Set(preds);
    const candidates: { label: ExpectedFinding; pred: PredictedFinding; gap: number }[] = [];
    for (const label of labels) {
      for (const pred of preds) {
        if (isLocated(label, pred, toleranceMs)) candidates.push({ label, pred, gap: label.scope === 'call' ? 0 : spanGapMs(label, pred) });
      }
    }
    candidates.sort((a, b) => a.gap - b.gap || a.pred.startMs - b.pred.startMs);
    for (const c of candidates) {
      if (!freeLabels.has(c.label) || !freePreds.has(c.pred)) continue;
      out.matched.push({ expected: c.label, predicted: c.pred, located: true });
      freeLabels.delete(c.label);
      freePreds.delete(c.pred);
    }
    // Leftover predictions that sit on an already-matched label are the same event again.
    for (const pred of [...freePreds]) {
      const onMatched = labels.some((l) => !freeLabels.has(l) && isLocated(l, pred, toleranceMs));
      if (onMatched) {
        out.duplicates.push(pred);
        freePreds.delete(pred);
      }
    }
    const restLabels = [...freeLabels];
    const restPreds = [...freePreds];
    const n = Math.min(restLabels.length, restPreds.length);
    for (let i = 0; i < n; i++) {
      out.matched.push({ expected: restLabels[i] as ExpectedFinding, predicted: restPreds[i] as PredictedFinding, located: false });
    }
    out.misses.push(...restLabels.slice(n));
    out.falseHits.push(...restPreds.slice(n));
  }
  return out;
}

function byStart(a: { startMs: number }, b: { startMs: number }): number {
  return a.startMs - b.startMs;
}

export interface CategoryStats {
  expected: number;
  predicted: number;
  truePositives: number;
  located: number;
  /** null when nothing was predicted (precision undefined). */
  precision: number | null;
  /** null when nothing was expected. */
  recall: number | null;
}

export interface DetectionSummary {
  perCategory: Partial<Record<Category, CategoryStats>>;
  micro: { precision: number | null; recall: number | null; f1: number | null; truePositives: number; falsePositives: number; falseNegatives: number };
  /** Located matches over all matches (null when nothing matched). */
  locationAccuracy: number | null;
  duplicates: number;
  misses: ExpectedFinding[];
  falseHits: PredictedFinding[];
  unlocated: MatchedPair[];
}

/** Scores a whole corpus; calls are keyed by `callId`. */
export function scoreCorpus(expected: readonly ExpectedFinding[], predicted: readonly PredictedFinding[], toleranceMs = LOCATION_TOLERANCE_MS): DetectionSummary {
  const callIds = new Set([...expected.map((e) => e.callId), ...predicted.map((p) => p.callId)]);
  const all: CallScore = { matched: [], misses: [], falseHits: [], duplicates: [] };
  for (const callId of [...callIds].sort()) {
    const s = scoreCall(
      expected.filter((e) => e.callId === callId),
      predicted.filter((p) => p.callId === callId),
      toleranceMs,
    );
    all.matched.push(...s.matched);
    all.misses.push(...s.misses);
    all.falseHits.push(...s.falseHits);
    all.duplicates.push(...s.duplicates);
  }
  const perCategory: Partial<Record<Category, CategoryStats>> = {};
  const stats = (c: Category): CategoryStats => (perCategory[c] ??= { expected: 0, predicted: 0, truePositives: 0, located: 0, precision: null, recall: null });
  for (const m of all.matched) {
    const s = stats(m.expected.category);
    s.expected++;
    s.predicted++;
    s.truePositives++;
    if (m.located) s.located++;
  }
  for (const m of all.misses) stats(m.category).expected++;
  for (const f of all.falseHits) stats(f.category).predicted++;
  for (const s of Object.values(perCategory)) {
    s.precision = ratio(s.truePositives, s.predicted);
    s.recall = ratio(s.truePositives, s.expected);
  }
  const tp = all.matched.length;
  const fp = all.falseHits.length;
  const fn = all.misses.length;
  const precision = ratio(tp, tp + fp);
  const recall = ratio(tp, tp + fn);
  const f1 = precision === null || recall === null || precision + recall === 0 ? null : (2 * precision * recall) / (precision + recall);
  return {
    perCategory,
    micro: { precision, recall, f1, truePositives: tp, falsePositives: fp, falseNegatives: fn },
    locationAccuracy: ratio(all.matched.filter((m) => m.located).length, tp),
    duplicates: all.duplicates.length,
    misses: all.misses,
    falseHits: all.falseHits,
    unlocated: all.matched.filter((m) => !m.located),
  };
}

function ratio(num: number, den: number): number | null {
  return den === 0 ? null : num / den;
}
