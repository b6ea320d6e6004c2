import { distance } from 'fastest-levenshtein';
import type { MatchMethod } from '../../domain/report.js';
import { countNegations, type CompiledLexicon } from './compile.js';
import type { NormText } from './normalize.js';
import { sylString, toSyllables } from './pinyin.js';

/** One phrase found in one segment's normalised chars, before any rule condition. */
export interface RawHit {
  entry: number;
  /** Offsets into `NormText.chars`, end exclusive. */
  start: number;
  end: number;
  method: Exclude<MatchMethod, 'regex'>;
  /** Matched a listed variant (ASR form) rather than the term itself. */
  listed: boolean;
  /** Syllable edits (fuzzy only). */
  distance: number;
}

const RANK = { exact: 0, pinyin: 1, fuzzy: 2 } as const;
/** Terms shorter than this many syllables match fuzzily only with both end syllables intact. */
const SHORT_FUZZY = 7;

function better(a: RawHit, b: RawHit): boolean {
  return (RANK[a.method] - RANK[b.method] || Number(a.listed) - Number(b.listed) || a.distance - b.distance) < 0;
}

/** Where a fuzzy term's pigeonhole seed says the term would start (`x`, in syllables). */
export interface SeedAt {
  entry: number;
  x: number;
}

/** What a scan leaves for reading the text on with the next one ({@link scanSeam}). */
export interface ScanTrace {
  exactState: number;
  sylState: number;
  syl: Int32Array;
  seeds: SeedAt[];
}

/** Hits kept one per entry and span, the best method winning. */
class HitSet {
  private readonly found = new Map<number, RawHit>();
  keep(h: RawHit): void {
    const key = (h.entry * 65_536 + h.start) * 65_536 + h.end;
    const prev = this.found.get(key);
    if (!prev || better(h, prev)) this.found.set(key, h);
  }
  values(): RawHit[] {
    return [...this.found.values()];
  }
}

/**
 * The fuzzy hit of entry `entry` around `x` (where a seed places its start): the window of
 * `syl` within the term's edit tolerance that is closest to it, or undefined.
 */
function verifySeed(c: CompiledLexicon, chars: string, syl: Int32Array, sylStr: string, entry: number, x: number): RawHit | undefined {
  const e = c.entries[entry]!;
  const N = syl.length;
  const k = e.fuzzy;
  const m = e.sylLen;
  let best: { d: number; s: number; l: number } | undefined;
  for (let s = Math.max(0, x - k); s <= Math.min(N - 1, x + k); s++) {
    for (let l = Math.max(1, m - k); l <= m + k && s + l <= N; l++) {
      const window = sylStr.slice(s, s + l);
      // Short terms keep their first and last syllable: an error inside 我是法院的 (我吃法院的)
      // is recognition noise, a different subject (他是法院的, 会是法院的) is another sentence.
      if (m < SHORT_FUZZY && (window[0] !== e.sylStr[0] || window[l - 1] !== e.sylStr[m - 1])) continue;
      const d = distance(e.sylStr, window);
      if (d > k) continue;
      if (!best || d < best.d || (d === best.d && Math.abs(l - m) < Math.abs(best.l - m))) best = { d, s, l };
    }
  }
  // An edit that adds or drops 不/没/别… flips the meaning: 不是我办的 ≠ 是我办的.
  if (!best || (best.d > 0 && countNegations(chars.slice(best.s, best.s + best.l)) !== e.negCount)) return undefined;
  return { entry, start: best.s, end: best.s + best.l, method: best.d === 0 ? 'pinyin' : 'fuzzy', listed: false, distance: best.d };
}

/** {@link scanText}, also returning its {@link ScanTrace}. */
export function scanTextTraced(c: CompiledLexicon, n: NormText): { hits: RawHit[]; trace: ScanTrace } {
  const found = new HitSet();
  const syl = toSyllables(n.chars);
  const seeds: SeedAt[] = [];
  if (n.chars.length === 0) return { hits: [], trace: { exactState: 0, sylState: 0, syl, seeds } };
  const exactState = c.exact.scanString(n.chars, (id, start, end) => {
    for (const ref of c.exactRefs[id]!) found.keep({ entry: ref.entry, start, end, method: 'exact', listed: ref.listedVariant, distance: 0 });
  });
  let sylStr: string | undefined;
  const verified = new Set<number>();
  const sylState = c.syllables.scan(syl, (id, start, end) => {
    for (const ref of c.sylRefs[id]!) {
      if (!ref.isSeed) {
        found.keep({ entry: ref.entry, start, end, method: 'pinyin', listed: false, distance: 0 });
        continue;
      }
      const x = start - ref.seedOffset;
      const vkey = ref.entry * 131_072 + x + 65_536;
      if (verified.has(vkey)) continue;
      verified.add(vkey);
      seeds.push({ entry: ref.entry, x });
      sylStr ??= sylString(syl);
      const hit = verifySeed(c, n.chars, syl, sylStr, ref.entry, x);
      if (hit) found.keep(hit);
    }
  });
  return { hits: found.values(), trace: { exactState, sylState, syl, seeds } };
}

/**
 * Finds every lexicon phrase in one normalised segment: exact characters (Aho–Corasick),
 * toneless pinyin (syllable automaton), and bounded pinyin edit distance verified around
 * pigeonhole seed hits. One hit per entry and span, best method kept.
 */
export function scanText(c: CompiledLexicon, n: NormText): RawHit[] {
  return scanTextTraced(c, n).hits;
}

/**
 * The phrase hits of `joined` (text `a` then text `b`, `a` ending at `boundary`) that reach
 * across the seam, from the two texts' own scans: the automata carry on from the states `a`
 * ended in for as long as a match may still start in `a`, and fuzzy seeds whose window can reach
 * across are verified again on the joined syllables. A scan of `joined` finds the same crossing
 * hits; this costs a few steps instead of both texts again.
 */
export function scanSeam(c: CompiledLexicon, joined: NormText, boundary: number, a: ScanTrace, b: ScanTrace): RawHit[] {
  const found = new HitSet();
  const crosses = (start: number, end: number): boolean => start < boundary && end > boundary;
  c.exact.continueScan(a.exactState, joined.chars, boundary, (id, start, end) => {
    if (!crosses(start, end)) return;
    for (const ref of c.exactRefs[id]!) found.keep({ entry: ref.entry, start, end, method: 'exact', listed: ref.listedVariant, distance: 0 });
  });
  const syl = new Int32Array(a.syl.length + b.syl.length);
  syl.set(a.syl);
  syl.set(b.syl, a.syl.length);
  const seeds: SeedAt[] = [];
  c.syllables.continueScan(a.sylState, syl, boundary, (id, start, end) => {
    for (const ref of c.sylRefs[id]!) {
      if (ref.isSeed) seeds.push({ entry: ref.entry, x: start - ref.seedOffset });
      else if (crosses(start, end)) found.keep({ entry: ref.entry, start, end, method: 'pinyin', listed: false, distance: 0 });
    }
  });
  // A window of a term of m syllables with tolerance k starts within k of x and ends before x + m + 2k.
  const reach = (s: SeedAt): [number, number] => {
    const e = c.entries[s.entry]!;
    return [s.x - e.fuzzy, s.x + e.sylLen + 2 * e.fuzzy];
  };
  for (const s of a.seeds) if (reach(s)[1] > boundary) seeds.push(s);
  for (const s of b.seeds) {
    const shifted = { entry: s.entry, x: s.x + boundary };
    if (reach(shifted)[0] < boundary) seeds.push(shifted);
  }
  if (seeds.length > 0) {
    const sylStr = sylString(syl);
    const verified = new Set<number>();
    for (const s of seeds) {
      const vkey = s.entry * 131_072 + s.x + 65_536;
      if (verified.has(vkey)) continue;
      verified.add(vkey);
      const hit = verifySeed(c, joined.chars, syl, sylStr, s.entry, s.x);
      if (hit && crosses(hit.start, hit.end)) found.keep(hit);
    }
  }
  return found.values();
}
