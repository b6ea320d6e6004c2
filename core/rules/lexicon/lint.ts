import type { CalleeRole } from '../../domain/call-meta.js';
import type { Transcript, TranscriptSegment } from '../../domain/transcript.js';
import type { RuleContext } from '../context.js';
import { compileLexiconSet, type CompiledLexicon, type CompiledRule } from './compile.js';
import { evaluateRule } from './conditions.js';
import type { LexiconSet } from './loader.js';
import { normalizeText } from './normalize.js';
import { runLexiconRules } from './run.js';
import { scanText } from './scan.js';
import type { ExampleInput } from './schema.js';

export interface LintProblem {
  file: string;
  ruleId: string;
  example: string;
  problem: string;
}

export interface LintReport {
  version: string;
  rules: number;
  examples: number;
  /** Failures: a positive example that does not fire its rule, a negative one that does. */
  problems: LintProblem[];
  /** Not failures: a negative example that fires some other rule (often legitimately). */
  notes: LintProblem[];
}

const SEGMENT_MS = 3000;
const AFTER_STATE: Record<string, string> = { after_refusal: '我不管他的事,别找我', after_paid_off: '我已经还清了' };

function exampleText(e: ExampleInput): string {
  return typeof e === 'string' ? e : e.text;
}

/** The call an example stands for: its context segments, then the utterance by the rule's speaker. */
export function exampleCall(rule: CompiledRule, e: ExampleInput): { transcript: Transcript; ctx: RuleContext } {
  const r = rule.rule;
  const before = typeof e === 'string' || !e.before ? (r.when ? [{ speaker: 'customer' as const, text: AFTER_STATE[r.when]! }] : []) : e.before;
  const all = [...before, { speaker: r.speaker, text: exampleText(e) }];
  const segments: TranscriptSegment[] = all.map((s, i) => ({ speaker: s.speaker, startMs: i * SEGMENT_MS, endMs: (i + 1) * SEGMENT_MS - 100, text: s.text }));
  const audience = rule.audience;
  const role: CalleeRole =
    typeof e !== 'string' && e.calleeRole ? e.calleeRole : audience === 'third_party' ? 'third_party' : audience === 'unverified' ? 'unknown' : 'debtor';
  const ctx: RuleContext = {
    meta: {},
    calleeRole: role,
    isStudent: audience === 'student',
    daysOverdue: audience === 'early_stage' ? 5 : 60,
    accountClass: undefined,
  };
  return { transcript: { callId: `lint-${r.id}`, durationMs: all.length * SEGMENT_MS, segments }, ctx };
}

/** Whether a state or required rule matches a text on its own (conditions other than phrases ignored). */
function phraseMatches(c: CompiledLexicon, rule: CompiledRule, text: string): boolean {
  const n = normalizeText(text, c.fillers);
  const hits = scanText(c, n).filter((h) => c.entries[h.entry]!.rule === rule.index);
  return evaluateRule(c, rule, hits, n, false).length > 0;
}

/**
 * Checks every example of every rule: positives must fire their rule, negatives must not.
 * Finding rules run through the full engine (speaker, audience, state); state and required
 * rules are checked on their phrases.
 */
export function lintLexiconSet(set: LexiconSet, compiled: CompiledLexicon = compileLexiconSet(set)): LintReport {
  const problems: LintProblem[] = [];
  const notes: LintProblem[] = [];
  let examples = 0;
  for (const rule of compiled.rules) {
    const file = rule.rule.file;
    const check = (e: ExampleInput, positive: boolean): void => {
      examples++;
      const text = exampleText(e);
      if (rule.kind !== 'finding') {
        const fired = phraseMatches(compiled, rule, text);
        if (fired !== positive) problems.push({ file, ruleId: rule.id, example: text, problem: positive ? 'positive example does not match' : 'negative example matches' });
        return;
      }
      const { transcript, ctx } = exampleCall(rule, e);
      const lastStart = transcript.segments[transcript.segments.length - 1]!.startMs;
      const found = runLexiconRules(compiled, transcript, ctx).findings.filter((f) => f.startMs >= lastStart);
      const own = found.find((f) => f.ruleId === rule.id);
      if (positive && !own) {
        problems.push({ file, ruleId: rule.id, example: text, problem: `positive example does not fire${found.length ? ` (fires ${[...new Set(found.map((f) => f.ruleId))].join(', ')})` : ''}` });
      } else if (!positive && own) {
        problems.push({ file, ruleId: rule.id, example: text, problem: `negative example fires it (heard "${own.match?.variant}" for "${own.match?.term}", ${own.match?.method})` });
      } else if (!positive && found.length) {
        notes.push({ file, ruleId: rule.id, example: text, problem: `negative example fires other rules: ${[...new Set(found.map((f) => f.ruleId))].join(', ')}` });
      }
    };
    for (const e of rule.rule.examples.positive) check(e, true);
    for (const e of rule.rule.examples.negative) check(e, false);
  }
  return { version: set.version, rules: compiled.rules.length, examples, problems, notes };
}
