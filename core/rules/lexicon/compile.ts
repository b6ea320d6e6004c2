import type { Category, Severity } from '../../domain/report.js';
import type { LexiconSet, LoadedRule } from './loader.js';
import { lexiconError } from './loader.js';
import { compileFillers, normalizeText, type FillerSet } from './normalize.js';
import { sylString, termSyllableVariants, toSyllables } from './pinyin.js';
import type { TermInput } from './schema.js';
import { SeqAutomaton } from './seq-automaton.js';

export type TermRole = 'trigger' | 'prox' | 'exclusion' | 'allowed';

/** One phrase of one rule, ready to match. */
export interface TermEntry {
  id: number;
  rule: number;
  role: TermRole;
  /** For `prox`: index of the proximity clause and of the group inside it. */
  prox: number;
  group: number;
  /** The lexicon term as written (canonical form reported in `match.term`). */
  term: string;
  pinyin: boolean;
  fuzzy: 0 | 1 | 2;
  /** Syllable length and the private-use string of the canonical reading (fuzzy verification). */
  sylLen: number;
  sylStr: string;
  /** Negation characters (不没别未无非) in the term: a fuzzy hit must keep the same count. */
  negCount: number;
}

const NEGATION_CHARS = /[不没别未无非]/g;

/** Number of negation characters in a text. */
export function countNegations(text: string): number {
  return text.match(NEGATION_CHARS)?.length ?? 0;
}

/** A rule's regular expression, with the characters one of which must start every match. */
export interface CompiledRegex {
  re: RegExp;
  /** undefined when the pattern's start is not a plain literal or a group of literals. */
  starts: string[] | undefined;
}

/**
 * The characters a match of `source` must start with, read off its first token: a literal
 * character, or a non-optional group of literal alternatives (`(?:替|帮)他…` → 替, 帮). Anything
 * else (a class, an optional group, an escape) gives undefined: the regex always runs.
 */
export function leadingChars(source: string): string[] | undefined {
  const SPECIAL = /[\\^$.|?*+()[\]{}]/;
  const first = source[0];
  if (first === undefined) return undefined;
  if (!SPECIAL.test(first)) return source[1] === '?' || source[1] === '*' || source[1] === '{' ? undefined : [first];
  const cls = /^\[([^\]\\^]+)\]/.exec(source);
  if (cls) return /^(?:[?*]|\{0)/.test(source.slice(cls[0].length)) ? undefined : classChars(cls[1] as string);
  const group = /^\(\?:([^()\\[\]{}.^$?*+]+)\)/.exec(source);
  if (!group || /^[?*{]/.test(source.slice(group[0].length))) return undefined;
  const alternatives = (group[1] as string).split('|');
  if (alternatives.some((a) => a.length === 0)) return undefined;
  return [...new Set(alternatives.map((a) => a[0] as string))];
}

/** The characters of a plain class body (`0-9零一二`): literals and short ranges; undefined for anything else. */
function classChars(body: string): string[] | undefined {
  const out: string[] = [];
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (body[i + 1] === '-' && i + 2 < body.length) {
      const from = ch.charCodeAt(0);
      const to = body.charCodeAt(i + 2);
      if (to < from || to - from > 64) return undefined;
      for (let code = from; code <= to; code++) out.push(String.fromCharCode(code));
      i += 2;
    } else out.push(ch);
  }
  return out.length > 0 ? [...new Set(out)] : undefined;
}

/** Whether a rule's regex can match `chars` at all (its leading characters are present). */
export function regexMayMatch(r: CompiledRegex, chars: string): boolean {
  return r.starts === undefined || r.starts.some((ch) => chars.includes(ch));
}

export interface CompiledProximity {
  groups: number;
  within: number;
  ordered: boolean;
}

export interface CompiledRule {
  index: number;
  rule: LoadedRule;
  id: string;
  kind: 'finding' | 'required' | 'state';
  category: Category | undefined;
  severity: Severity | undefined;
  audience: NonNullable<LoadedRule['audience']>;
  negatable: boolean;
  negationGap: number;
  strict: boolean;
  regexes: CompiledRegex[];
  proximity: CompiledProximity[];
}

/** Exact-layer pattern payload: which entry, and whether the pattern is a listed variant. */
export interface ExactRef {
  entry: number;
  listedVariant: boolean;
}

/** Syllable-layer pattern payload: a whole term reading, or a seed piece of a fuzzy term. */
export interface SylRef {
  entry: number;
  seedOffset: number;
  isSeed: boolean;
}

/** A lexicon set compiled once into matchers. Immutable; share it across calls. */
export interface CompiledLexicon {
  version: string;
  rules: CompiledRule[];
  entries: TermEntry[];
  /** Exact layer over normalised characters; `exactRefs[patternId]` says which entries. */
  exact: SeqAutomaton;
  exactRefs: ExactRef[][];
  syllables: SeqAutomaton;
  sylRefs: SylRef[][];
  fillers: FillerSet;
  negators: string[];
  negationGap: number;
  /** Rule indexes by state key, for right-party inference. */
  stateRules: Map<string, number[]>;
  /** Rules with a regex, by a character its matches may start with ({@link regexRulesFor}). */
  regexRulesByLead: Map<string, number[]>;
  /** Rules with a regex whose start is not a literal: their regexes run on every text. */
  regexRulesAlways: number[];
}

/**
 * Which rules have a regex that may match `chars`, as a flag per rule index: one pass over the
 * text's characters instead of a search of the text per rule and regex.
 */
export function regexRulesFor(c: CompiledLexicon, chars: string): Uint8Array {
  const flags = new Uint8Array(c.rules.length);
  for (const r of c.regexRulesAlways) flags[r] = 1;
  if (c.regexRulesByLead.size === 0) return flags;
  for (let i = 0; i < chars.length; i++) {
    const rules = c.regexRulesByLead.get(chars[i]!);
    if (rules) for (const r of rules) flags[r] = 1;
  }
  return flags;
}

/**
 * Compiles a validated lexicon set: every phrase normalised like transcript text, an
 * Aho–Corasick automaton over characters (exact), one over pinyin syllables (homophones), and
 * pigeonhole seed pieces for bounded edit distance (fuzzy).
 *
 * @throws CallqaError LEXICON_INVALID when a term normalises to nothing or its tolerance is too
 *   loose for its length (fuzzy 1 needs 4+ syllables, fuzzy 2 needs 7+).
 */
export function compileLexiconSet(set: LexiconSet): CompiledLexicon {
  const fillers = compileFillers(set.index.fillers, set.index.fillerKeptWords);
  const entries: TermEntry[] = [];
  const exactMap = new Map<string, ExactRef[]>();
  const sylMap = new Map<string, { seq: Int32Array; refs: SylRef[] }>();
  const rules: CompiledRule[] = [];
  const stateRules = new Map<string, number[]>();

  const addSyl = (seq: Int32Array, ref: SylRef): void => {
    const key = seq.join(',');
    const slot = sylMap.get(key) ?? { seq, refs: [] };
    slot.refs.push(ref);
    sylMap.set(key, slot);
  };

  const addTerm = (rule: LoadedRule, ruleIndex: number, t: TermInput, role: TermRole, prox = -1, group = -1): void => {
    const spec = typeof t === 'string' ? { term: t } : t;
    const chars = normalizeText(spec.term, fillers).chars;
    const where = `rule ${rule.id} term "${spec.term}"`;
    if (!chars) throw lexiconError(rule.file, `${where}: nothing left after normalisation`);
    const n = chars.length;
    const pinyin = spec.pinyin ?? n >= 3;
    const fuzzy = spec.fuzzy ?? (n >= 10 ? 2 : n >= 6 ? 1 : 0);
    if (pinyin && n < 2) throw lexiconError(rule.file, `${where}: pinyin matching needs 2+ characters`);
    if (fuzzy > 0 && !pinyin) throw lexiconError(rule.file, `${where}: fuzzy needs pinyin: true`);
    if ((fuzzy === 1 && n < 4) || (fuzzy === 2 && n < 7)) {
      throw lexiconError(rule.file, `${where}: fuzzy ${fuzzy} is too loose for ${n} syllables (1 needs 4+, 2 needs 7+)`);
    }
    const base = toSyllables(chars);
    const entry: TermEntry = { id: entries.length, rule: ruleIndex, role, prox, group, term: spec.term, pinyin, fuzzy, sylLen: n, sylStr: sylString(base), negCount: countNegations(chars) };
    entries.push(entry);
    const forms = [{ chars, listed: false }];
    for (const v of spec.variants ?? []) {
      const vc = normalizeText(v, fillers).chars;
      if (!vc) throw lexiconError(rule.file, `${where}: variant "${v}" is empty after normalisation`);
      forms.push({ chars: vc, listed: true });
    }
    for (const f of forms) {
      const refs = exactMap.get(f.chars) ?? [];
      refs.push({ entry: entry.id, listedVariant: f.listed });
      exactMap.set(f.chars, refs);
      if (pinyin && f.chars.length >= 2) {
        for (const seq of termSyllableVariants(f.chars)) addSyl(seq, { entry: entry.id, seedOffset: 0, isSeed: false });
      }
    }
    if (fuzzy > 0) {
      // Pigeonhole: a hit within k edits contains one of k + 1 disjoint pieces exactly.
      const pieces = fuzzy + 1;
      let off = 0;
      for (let p = 0; p < pieces; p++) {
        const len = Math.floor(n / pieces) + (p < n % pieces ? 1 : 0);
        addSyl(base.slice(off, off + len), { entry: entry.id, seedOffset: off, isSeed: true });
        off += len;
      }
    }
  };

  set.rules.forEach((rule, index) => {
    const kind = rule.kind ?? 'finding';
    const compiled: CompiledRule = {
      index,
      rule,
      id: rule.id,
      kind,
      category: rule.category,
      severity: rule.severity,
      audience: rule.audience ?? 'any',
      negatable: rule.negatable ?? true,
      negationGap: rule.negationWindow ?? set.index.negationGap,
      strict: rule.strict ?? false,
      regexes: (rule.regex ?? []).map((r) => ({ re: new RegExp(r, 'gu'), starts: leadingChars(r) })),
      proximity: (rule.proximity ?? []).map((p) => ({ groups: p.all.length, within: p.within, ordered: p.ordered ?? true })),
    };
    rules.push(compiled);
    if (rule.sets) stateRules.set(rule.sets, [...(stateRules.get(rule.sets) ?? []), index]);
    for (const t of rule.terms ?? []) addTerm(rule, index, t, 'trigger');
    (rule.proximity ?? []).forEach((p, pi) => p.all.forEach((g, gi) => g.forEach((t) => addTerm(rule, index, t, 'prox', pi, gi))));
    for (const t of rule.exclusions ?? []) addTerm(rule, index, t, 'exclusion');
    for (const t of rule.allowed ?? []) addTerm(rule, index, t, 'allowed');
  });

  const exact = new SeqAutomaton();
  const exactRefs: ExactRef[][] = [];
  for (const [pattern, refs] of exactMap) {
    exact.addString(pattern);
    exactRefs.push(refs);
  }
  exact.build();
  const syllables = new SeqAutomaton();
  const sylRefs: SylRef[][] = [];
  for (const { seq, refs } of sylMap.values()) {
    syllables.add(seq);
    sylRefs.push(refs);
  }
  syllables.build();
  const negators = [...new Set(set.index.negators.map((n) => normalizeText(n, fillers).chars).filter(Boolean))];
  const regexRulesByLead = new Map<string, number[]>();
  const regexRulesAlways: number[] = [];
  for (const rule of rules) {
    if (rule.regexes.some((r) => r.starts === undefined)) {
      regexRulesAlways.push(rule.index);
      continue;
    }
    for (const ch of new Set(rule.regexes.flatMap((r) => r.starts ?? []))) regexRulesByLead.set(ch, [...(regexRulesByLead.get(ch) ?? []), rule.index]);
  }
  return { version: set.version, rules, entries, exact, exactRefs, syllables, sylRefs, fillers, negators, negationGap: set.index.negationGap, stateRules, regexRulesByLead, regexRulesAlways };
}
