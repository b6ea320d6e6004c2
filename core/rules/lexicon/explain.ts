import type { CalleeRole } from '../../domain/call-meta.js';
import type { MatchMethod } from '../../domain/report.js';
import type { Speaker } from '../../domain/transcript.js';
import type { CompiledLexicon, CompiledRule } from './compile.js';
import { evaluateRule, type RuleHit } from './conditions.js';
import { heardSpan, normalizeText, type NormText } from './normalize.js';
import { runLexiconRules, shieldedByMandate } from './run.js';
import { groupByRule } from './segment-scan.js';
import { scanText, type RawHit } from './scan.js';

/** One phrase of a rule found in the sentence. */
export interface ExplainedHit {
  term: string;
  heard: string;
  method: Exclude<MatchMethod, 'regex'>;
}

/** Why a rule did or did not fire on one sentence. */
export interface RuleExplanation {
  ruleId: string;
  category: string | undefined;
  /** The finding the rule raised on the sentence, if any. */
  fired?: { term: string; variant: string; method: MatchMethod; confidence: number };
  /** Trigger phrases found. */
  terms: ExplainedHit[];
  /** Each proximity clause with a hit: the phrases found per group (empty group = not found). */
  proximity: { clause: number; within: number; groups: ExplainedHit[][] }[];
  /** Exclusions and allowed phrasings found (they cancel hits they overlap). */
  blockers: (ExplainedHit & { role: 'exclusion' | 'allowed' })[];
  /** For a rule that did not fire although a trigger or a whole proximity clause was found. */
  reason?: string;
}

export interface ExplainOptions {
  speaker?: Speaker;
  calleeRole?: CalleeRole;
  isStudent?: boolean;
  daysOverdue?: number;
}

export interface Explanation {
  /** The text as the matcher sees it (Simplified, no punctuation or fillers, 您→你). */
  normalized: string;
  rules: RuleExplanation[];
}

/**
 * Explains the lexicon on one sentence, for lexicon authors turning a missed case into a
 * phrase family: every rule with any phrase in the sentence, what was found for its terms and
 * for each group of its proximity clauses, what blocked it, and whether it fired (or why not:
 * speaker, audience, negation, an exclusion). Regex-only rules appear when they fire.
 *
 * @example explainSentence(compiled, '你再不还我们就打给你所有联系人', { calleeRole: 'debtor' })
 */
export function explainSentence(c: CompiledLexicon, text: string, opts: ExplainOptions = {}): Explanation {
  const speaker = opts.speaker ?? 'agent';
  const n = normalizeText(text, c.fillers);
  const hits = scanText(c, n);
  const run = runLexiconRules(
    c,
    { callId: 'explain', durationMs: 10_000, segments: [{ speaker, startMs: 0, endMs: 10_000, text }] },
    { meta: {}, calleeRole: opts.calleeRole ?? 'debtor', isStudent: opts.isStudent ?? false, daysOverdue: opts.daysOverdue, accountClass: undefined },
  );
  const fired = new Map(run.findings.map((f) => [f.ruleId, f]));
  const byRule = groupByRule(c, hits);
  // The agent's statement of mandate in the sentence, which cancels hits heard by sound inside it.
  const mandateRule = c.rules.find((r) => r.kind === 'required');
  const mandate = mandateRule && evaluateRule(c, mandateRule, byRule.get(mandateRule.index) ?? [], n, false)[0];
  const explained = (h: RawHit): ExplainedHit => ({ term: c.entries[h.entry]!.term, heard: heardSpan(n, h.start, h.end), method: h.method });
  const out: RuleExplanation[] = [];
  for (const rule of c.rules) {
    const own = byRule.get(rule.index) ?? [];
    const finding = fired.get(rule.id);
    if (own.length === 0 && !finding) continue;
    const e: RuleExplanation = { ruleId: rule.id, category: rule.category, terms: [], proximity: [], blockers: [] };
    if (finding?.match) e.fired = { term: finding.match.term, variant: finding.match.variant, method: finding.match.method, confidence: finding.confidence };
    for (const h of own) {
      const entry = c.entries[h.entry]!;
      if (entry.role === 'trigger') e.terms.push(explained(h));
      else if (entry.role === 'exclusion' || entry.role === 'allowed') e.blockers.push({ ...explained(h), role: entry.role });
    }
    rule.proximity.forEach((p, clause) => {
      const groups: ExplainedHit[][] = Array.from({ length: p.groups }, () => []);
      for (const h of own) {
        const entry = c.entries[h.entry]!;
        if (entry.role === 'prox' && entry.prox === clause) groups[entry.group]!.push(explained(h));
      }
      if (groups.some((g) => g.length > 0)) e.proximity.push({ clause, within: p.within, groups });
    });
    if (!e.fired) e.reason = whyNot(c, rule, own, n, speaker, run.calleeRole, mandate);
    out.push(e);
  }
  return { normalized: n.chars, rules: out };
}

function whyNot(c: CompiledLexicon, rule: CompiledRule, own: RawHit[], n: NormText, speaker: Speaker, calleeRole: CalleeRole, mandate: RuleHit | undefined): string | undefined {
  // Strict evaluation keeps negated hits (marked): it tells negation from absence.
  const all = evaluateRule(c, { ...rule, strict: true }, own, n, true);
  if (all.length === 0) {
    const blocked = evaluateRule(c, { ...rule, strict: true }, own.filter((h) => c.entries[h.entry]!.role !== 'exclusion' && c.entries[h.entry]!.role !== 'allowed'), n, true);
    if (blocked.length > 0) return 'cancelled by an exclusion or allowed phrasing it overlaps';
    return rule.proximity.length > 0 ? 'no trigger phrase, and no proximity clause with every group found within its distance' : undefined;
  }
  if (all.every((h) => h.negated)) return 'negated (a negator just before the hit, in the same clause)';
  if (rule.kind !== 'finding') return `a ${rule.kind} rule: it sets state or marks a required element, no finding`;
  if (mandate && all.every((h) => shieldedByMandate(rule, h, mandate))) return 'heard only by sound inside the agent\'s statement of mandate (受XX委托的XX公司), where firm names resemble other words';
  if (speaker !== 'unknown' && speaker !== rule.rule.speaker) return `said by the ${speaker}; the rule is for the ${rule.rule.speaker}`;
  const when = `${rule.rule.when ? `, when ${rule.rule.when}` : ''}${rule.rule.echoes ? ', or it repeats a tie the callee claimed' : ''}`;
  return `conditions not met: audience ${rule.audience}${when} (callee ${calleeRole})`;
}
