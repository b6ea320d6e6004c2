import type { MatchMethod } from '../../domain/report.js';
import { regexMayMatch, type CompiledLexicon, type CompiledRule } from './compile.js';
import { crossesSentence, heardSpan, type NormText } from './normalize.js';
import type { RawHit } from './scan.js';

/** A rule's hit in one segment after exclusions, allowed phrasings and negation. */
export interface RuleHit {
  start: number;
  end: number;
  term: string;
  variant: string;
  method: MatchMethod;
  confidence: number;
  negated: boolean;
}

interface Candidate {
  start: number;
  end: number;
  parts: RawHit[];
  term: string;
  method: MatchMethod;
  confidence: number;
}

const METHOD_ORDER: MatchMethod[] = ['exact', 'regex', 'pinyin', 'fuzzy'];

function hitConfidence(h: RawHit): number {
  switch (h.method) {
    case 'exact':
      return h.listed ? 0.93 : 0.97;
    case 'pinyin':
      return 0.85;
    case 'fuzzy':
      return Math.max(0.5, 0.78 - 0.1 * (h.distance - 1));
  }
}

function single(c: CompiledLexicon, h: RawHit): Candidate {
  return { start: h.start, end: h.end, parts: [h], term: c.entries[h.entry]!.term, method: h.method, confidence: hitConfidence(h) };
}

/** Combines one hit of every group, each within `within` chars of the previous one. */
function proximityCandidates(c: CompiledLexicon, groups: RawHit[][], within: number, ordered: boolean): Candidate[] {
  const out: Candidate[] = [];
  for (const g of groups) g.sort((a, b) => a.start - b.start);
  const extend = (chain: RawHit[], g: number): void => {
    if (g === groups.length) {
      const sorted = ordered ? chain : [...chain].sort((a, b) => a.start - b.start);
      const start = sorted[0]!.start;
      const end = Math.max(...sorted.map((h) => h.end));
      const worst = sorted.reduce((w, h) => (METHOD_ORDER.indexOf(h.method) > METHOD_ORDER.indexOf(w) ? h.method : w), 'exact' as MatchMethod);
      const conf = Math.min(...sorted.map(hitConfidence)) * 0.97;
      out.push({ start, end, parts: sorted, term: sorted.map((h) => c.entries[h.entry]!.term).join('…'), method: worst, confidence: conf });
      return;
    }
    const list = groups[g]!;
    const prev = chain[chain.length - 1];
    // Ordered: hits are sorted by start, so only a window after the previous hit is scanned.
    let i = 0;
    if (prev && ordered) {
      let hi = list.length;
      while (i < hi) {
        const mid = (i + hi) >> 1;
        if (list[mid]!.start < prev.end) i = mid + 1;
        else hi = mid;
      }
    }
    for (; i < list.length; i++) {
      const h = list[i]!;
      if (prev) {
        if (ordered) {
          if (h.start - prev.end > within) break;
        } else if (chain.some((p) => h.start < p.end && p.start < h.end) || chain.every((p) => Math.max(h.start - p.end, p.start - h.end) > within)) continue;
      }
      extend([...chain, h], g + 1);
      if (out.length > 16) return;
    }
  };
  extend([], 0);
  return out;
}

/** True when a negator ends within `gap` chars before `pos`, at or after `floor`, in the same clause. */
function negatedAt(c: CompiledLexicon, n: NormText, pos: number, floor: number, gap: number): boolean {
  for (let p = pos; p >= Math.max(floor, pos - gap); p--) {
    for (const neg of c.negators) {
      const s = p - neg.length;
      if (s < floor || !n.chars.startsWith(neg, s)) continue;
      // A-not-A questions (是不是, 会不会, 有没有) ask; they do not negate.
      if (s > 0 && neg.length > 1 && n.chars[s - 1] === n.chars[s + 1]) continue;
      let sameClause = true;
      for (let j = s + 1; j <= pos && sameClause; j++) if (n.breaks[j] !== 0) sameClause = false;
      if (sameClause && !isRhetorical(n, neg, s)) return true;
    }
  }
  return false;
}

/** How far after 不是 a closing 吗/嘛 makes it a rhetorical question (你不是还有额度吗 = you have). */
const RHETORICAL_REACH = 8;

/** 不是 … 吗 close together in one clause asserts rather than denies (你不是还有别的卡吗). */
function isRhetorical(n: NormText, neg: string, start: number): boolean {
  if (neg !== '不是') return false;
  const from = start + neg.length;
  for (let j = from; j < Math.min(n.chars.length, from + RHETORICAL_REACH); j++) {
    if (n.breaks[j] !== 0) return false;
    const ch = n.chars[j];
    if (ch === '吗' || ch === '嘛') return true;
  }
  return false;
}

function isNegated(c: CompiledLexicon, n: NormText, cand: Candidate, gap: number): boolean {
  let floor = 0;
  for (const part of cand.parts) {
    if (negatedAt(c, n, part.start, floor, gap)) return true;
    floor = part.end;
  }
  return false;
}

const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }): boolean => a.start < b.end && b.start < a.end;

/**
 * Evaluates one rule's phrase hits in one segment: builds candidates (terms, proximity groups,
 * regexes), drops those overlapping an exclusion or allowed phrasing, and those negated (a
 * negated candidate also cancels the rule's other candidates it overlaps). In strict mode the
 * negated hits of a `strict` rule survive, marked `negated`.
 *
 * @returns surviving hits, best first.
 */
export function evaluateRule(c: CompiledLexicon, rule: CompiledRule, hits: readonly RawHit[], n: NormText, strict: boolean): RuleHit[] {
  const cands: Candidate[] = [];
  const blockers: RawHit[] = [];
  // Rules with regexes are evaluated on every segment, most often without a phrase hit.
  if (hits.length > 0) {
    // Plain loops: Array.from({ length }) per rule and segment showed up at 12 % of analysis time.
    const prox: RawHit[][][] = [];
    for (const p of rule.proximity) {
      const groups: RawHit[][] = [];
      for (let g = 0; g < p.groups; g++) groups.push([]);
      prox.push(groups);
    }
    for (const h of hits) {
      const e = c.entries[h.entry]!;
      // A phrase read across a sentence end (我姓包。您… as 包你) was never said. Proximity groups
      // may still pair across one: 你再不还？就等着 is one threat however it is punctuated.
      if ((e.role === 'trigger' || e.role === 'prox') && crossesSentence(n, h.start, h.end)) continue;
      if (e.role === 'trigger') cands.push(single(c, h));
      else if (e.role === 'prox') prox[e.prox]![e.group]!.push(h);
      else blockers.push(h);
    }
    rule.proximity.forEach((p, i) => {
      const groups = prox[i]!;
      if (groups.every((g) => g.length > 0)) cands.push(...proximityCandidates(c, groups, p.within, p.ordered));
    });
  }
  for (const r of rule.regexes) {
    // Most segments hold none of a pattern's leading characters: skip the scan (a third of analysis time).
    if (!regexMayMatch(r, n.chars)) continue;
    // exec on the compiled regex: matchAll would copy the RegExp on every call.
    const re = r.re;
    re.lastIndex = 0;
    for (let m = re.exec(n.chars); m !== null; m = re.exec(n.chars)) {
      if (!m[0]) {
        re.lastIndex++;
        continue;
      }
      const start = m.index;
      const end = start + m[0].length;
      cands.push({ start, end, parts: [{ entry: -1, start, end, method: 'exact', listed: false, distance: 0 }], term: `/${re.source}/`, method: 'regex', confidence: 0.9 });
    }
  }
  if (cands.length === 0) return [];
  const open = cands.filter((k) => !blockers.some((b) => overlaps(k, b)));
  const negated = rule.negatable ? open.filter((k) => isNegated(c, n, k, rule.negationGap)) : [];
  const out: RuleHit[] = [];
  for (const k of open) {
    const isNeg = negated.includes(k);
    const shadowed = !isNeg && negated.some((ng) => overlaps(ng, k));
    if ((isNeg || shadowed) && !(strict && rule.strict)) continue;
    out.push({
      start: k.start,
      end: k.end,
      term: k.term,
      variant: heardSpan(n, k.start, k.end),
      method: k.method,
      confidence: Math.round((isNeg || shadowed ? k.confidence * 0.8 : k.confidence) * 100) / 100,
      negated: isNeg || shadowed,
    });
  }
  return out.sort((a, b) => b.confidence - a.confidence || b.end - b.start - (a.end - a.start) || a.start - b.start);
}
