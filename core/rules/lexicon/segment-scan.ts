import { regexRulesFor, type CompiledLexicon } from './compile.js';
import type { NormText } from './normalize.js';
import { scanSeam, scanTextTraced, type RawHit, type ScanTrace } from './scan.js';

/**
 * One text's phrase hits by rule, and the rules worth evaluating on it: those with a phrase hit
 * and those whose regex may match. Kept per segment so that the next segment of the same
 * speaker can be read together with it without scanning both again.
 */
export interface SegmentScan {
  n: NormText;
  byRule: Map<number, RawHit[]>;
  /** Per rule index, 1 when one of its regexes may match ({@link regexRulesFor}). */
  regexMay: Uint8Array;
  /** Rule indexes to evaluate, ascending (the lexicon's order). */
  rules: number[];
  /** Where the text's scan ended, for reading the next text on from it (a joined scan keeps its second text's: it is never read on from). */
  trace: ScanTrace;
}

/** Raw phrase hits by the index of the rule whose entry they matched. */
export function groupByRule(c: CompiledLexicon, hits: readonly RawHit[]): Map<number, RawHit[]> {
  const into = new Map<number, RawHit[]>();
  for (const h of hits) {
    const r = c.entries[h.entry]!.rule;
    const list = into.get(r);
    if (list) list.push(h);
    else into.set(r, [h]);
  }
  return into;
}

/** The indexes flagged in `flags`, ascending. */
function flagged(flags: Uint8Array): number[] {
  const out: number[] = [];
  for (let r = 0; r < flags.length; r++) if (flags[r] !== 0) out.push(r);
  return out;
}

/** Scans one normalised text. */
export function scanSegment(c: CompiledLexicon, n: NormText): SegmentScan {
  const { hits, trace } = scanTextTraced(c, n);
  const byRule = groupByRule(c, hits);
  const regexMay = regexRulesFor(c, n.chars);
  const want = Uint8Array.from(regexMay);
  for (const r of byRule.keys()) want[r] = 1;
  return { n, byRule, regexMay, rules: flagged(want), trace };
}

/**
 * The scan of two same-speaker segments read as one (`joined`, a sentence the VAD cut in two),
 * built from their own scans plus the hits across the seam: the same phrase hits a scan of
 * `joined` finds, at a fraction of its cost. Only rules whose hit may reach across the seam are
 * listed to evaluate (a phrase across it, proximity groups on both sides, a regex starting in
 * `a`), with the identity rules whose mandate may shield them; none when nothing can.
 */
export function joinScans(c: CompiledLexicon, a: SegmentScan, b: SegmentScan, joined: NormText): SegmentScan {
  const boundary = a.n.chars.length;
  const seam = groupByRule(c, scanSeam(c, joined, boundary, a.trace, b.trace));
  const across: number[] = [];
  const reaches = (r: number): boolean => c.rules[r]!.kind !== 'state';
  for (const r of seam.keys()) if (reaches(r)) across.push(r);
  for (const r of a.byRule.keys()) if (c.rules[r]!.proximity.length > 0 && b.byRule.has(r) && reaches(r)) across.push(r);
  for (const r of a.rules) if (a.regexMay[r] === 1 && c.rules[r]!.regexes.length > 0 && reaches(r)) across.push(r);
  if (across.length === 0) return { n: joined, byRule: new Map(), regexMay: new Uint8Array(0), rules: [], trace: b.trace };
  const regexMay = new Uint8Array(a.regexMay.length);

  const byRule = new Map<number, RawHit[]>();
  for (const [r, hits] of a.byRule) byRule.set(r, [...hits]);
  for (const [r, hits] of b.byRule) {
    const shifted = hits.map((h) => ({ ...h, start: h.start + boundary, end: h.end + boundary }));
    const list = byRule.get(r);
    if (list) list.push(...shifted);
    else byRule.set(r, shifted);
  }
  for (const [r, hits] of seam) byRule.set(r, [...(byRule.get(r) ?? []), ...hits]);
  for (let r = 0; r < regexMay.length; r++) regexMay[r] = a.regexMay[r]! | b.regexMay[r]!;
  for (const rule of c.rules) if (rule.kind === 'required' && (byRule.has(rule.index) || regexMay[rule.index] === 1)) across.push(rule.index);
  return { n: joined, byRule, regexMay, rules: [...new Set(across)].sort((x, y) => x - y), trace: b.trace };
}
