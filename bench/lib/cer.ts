import * as OpenCC from 'opencc-js/t2cn';

/**
 * Character error rate, the way the research notes measured it: both sides converted to
 * Simplified Chinese, punctuation, symbols and whitespace removed, Latin letters lower-cased,
 * then Levenshtein distance over Unicode code points divided by the reference length.
 * Kept independent of `core/text` on purpose: the benchmark's yardstick must not move when the
 * pipeline's normaliser changes.
 */

const toSimplified = OpenCC.Converter({ from: 'tw', to: 'cn' });
const STRIP = /[\p{P}\p{S}\p{Z}\s]/gu;

/** Simplified, no punctuation/symbols/space, lower case. */
export function normalizeForCer(text: string): string {
  return toSimplified(text).replace(STRIP, '').toLowerCase();
}

/** Levenshtein distance over code points (unit costs). */
export function editDistance(a: string, b: string): number {
  const x = Array.from(a);
  const y = Array.from(b);
  if (x.length === 0) return y.length;
  if (y.length === 0) return x.length;
  let prev = new Array<number>(y.length + 1);
  let cur = new Array<number>(y.length + 1);
  for (let j = 0; j <= y.length; j++) prev[j] = j;
  for (let i = 1; i <= x.length; i++) {
    cur[0] = i;
    for (let j = 1; j <= y.length; j++) {
      const sub = (prev[j - 1] as number) + (x[i - 1] === y[j - 1] ? 0 : 1);
      cur[j] = Math.min(sub, (prev[j] as number) + 1, (cur[j - 1] as number) + 1);
    }
    [prev, cur] = [cur, prev];
  }
  return prev[y.length] as number;
}

export interface CerItem {
  /** Character edits between normalised hypothesis and reference. */
  edits: number;
  /** Characters in the normalised reference. */
  refChars: number;
}

/** Scores one hypothesis against one reference after normalising both. */
export function scoreCer(reference: string, hypothesis: string): CerItem & { cer: number } {
  const ref = normalizeForCer(reference);
  const hyp = normalizeForCer(hypothesis);
  if (ref.length === 0) throw new Error(`CER reference is empty after normalisation: "${reference}"`);
  const edits = editDistance(ref, hyp);
  const refChars = Array.from(ref).length;
  return { edits, refChars, cer: edits / refChars };
}

/** Aggregate CER: sum of edits over sum of reference characters (not a mean of ratios). */
export function aggregateCer(items: readonly CerItem[]): number {
  const refChars = items.reduce((s, i) => s + i.refChars, 0);
  if (refChars === 0) throw new Error('aggregate CER over zero reference characters');
  return items.reduce((s, i) => s + i.edits, 0) / refChars;
}
