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

/**
 * Finds every lexicon phrase in one normalised segment: exact characters (Aho–Corasick),
 * toneless pinyin (syllable automaton), and bounded pinyin edit distance verified around
 * pigeonhole seed hits. One hit per entry and span, best method kept.
 */
export function scanText(c: CompiledLexicon, n: NormText): RawHit[] {
  const found = new Map<number, RawHit>();
  const N = n.chars.length;
  const keep = (h: RawHit): void => {
    const key = (h.entry * 65_536 + h.start) * 65_536 + h.end;
    const prev = found.get(key);
    if (!prev || better(h, prev)) found.set(key, h);
  };
  if (N === 0) return [];
  c.exact.scanString(n.chars, (id, start, end) => {
    for (const ref of c.exactRefs[id]!) keep({ entry: ref.entry, start, end, method: 'exact', listed: ref.listedVariant, distance: 0 });
  });
  const syl = toSyllables(n.chars);
  let sylStr: string | undefined;
  const verified = new Set<number>();
  c.syllables.scan(syl, (id, start, end) => {
    for (const ref of c.sylRefs[id]!) {
      if (!ref.isSeed) {
        keep({ entry: ref.entry, start, end, method: 'pinyin', listed: false, distance: 0 });
        continue;
      }
      const e = c.entries[ref.entry]!;
      const x = start - ref.seedOffset;
      const vkey = e.id * 131_072 + x + 65_536;
      if (verified.has(vkey)) continue;
      verified.add(vkey);
      sylStr ??= sylString(syl);
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
      if (best && best.d > 0 && countNegations(n.chars.slice(best.s, best.s + best.l)) !== e.negCount) best = undefined;
      if (best) keep({ entry: e.id, start: best.s, end: best.s + best.l, method: best.d === 0 ? 'pinyin' : 'fuzzy', listed: false, distance: best.d });
    }
  });
  return [...found.values()];
}
