/**
 * `npm run lexicons:try -- [--speaker agent|customer|unknown] [--callee debtor|third_party|unknown]
 * [--student] [--days N] [--dir DIR] [--all] [--json] SENTENCE...`: for lexicon authors turning an inspector's missed
 * case into a phrase family. Shows, per sentence, every rule with a phrase in it: what it found for
 * its terms and for each group of its proximity clauses, what blocked it, and whether it fired (or
 * why not). Rules with a single stray word are left out unless `--all`; `--dir DIR` reads another
 * lexicon set than `lexicons/`.
 */
import { parseArgs } from 'node:util';
import type { CalleeRole } from '../core/domain/call-meta.js';
import type { Speaker } from '../core/domain/transcript.js';
import { ROLES, SPEAKERS } from '../core/rules/analyze-input.js';
import { compileLexiconSet, explainSentence, loadLexiconSet, type Explanation, type RuleExplanation } from '../core/rules/lexicon/index.js';


function usage(why: string): never {
  process.stderr.write(`lexicons:try: ${why}\nusage: npm run lexicons:try -- [--speaker agent|customer|unknown] [--callee ${[...ROLES].join('|')}] [--student] [--days N] [--dir DIR] [--all] [--json] SENTENCE...\n`);
  process.exit(2);
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { speaker: { type: 'string', default: 'agent' }, callee: { type: 'string', default: 'debtor' }, student: { type: 'boolean', default: false }, days: { type: 'string' }, json: { type: 'boolean', default: false }, dir: { type: 'string' }, all: { type: 'boolean', default: false } },
});
if (positionals.length === 0) usage('give at least one sentence');
const speaker = values.speaker as Speaker;
if (!SPEAKERS.has(speaker)) usage(`--speaker "${values.speaker}" is not one of ${[...SPEAKERS].join(', ')}`);
const calleeRole = values.callee as CalleeRole;
if (!ROLES.has(calleeRole)) usage(`--callee "${values.callee}" is not one of ${[...ROLES].join(', ')}`);
const daysOverdue = values.days === undefined ? 60 : Number(values.days);
if (!Number.isInteger(daysOverdue) || daysOverdue < 0) usage(`--days "${values.days}" is not a whole number of days`);

const set = loadLexiconSet(values.dir);
const compiled = compileLexiconSet(set);
const results = positionals.map((text) => ({ text, ...explainSentence(compiled, text, { speaker, calleeRole, isStudent: values.student, daysOverdue }) }));

const hit = (h: { term: string; heard: string; method: string }): string => (h.term === h.heard ? `${h.heard} (${h.method})` : `${h.heard} for ${h.term} (${h.method})`);
function ruleLines(r: RuleExplanation): string[] {
  const head = r.fired
    ? `  FIRED  ${r.ruleId} [${r.category}]: ${r.fired.variant} for ${r.fired.term} (${r.fired.method}, ${r.fired.confidence})`
    : `  silent ${r.ruleId} [${r.category ?? '-'}]${r.reason ? `: ${r.reason}` : ''}`;
  const lines = [head];
  if (r.terms.length > 0) lines.push(`         terms: ${r.terms.map(hit).join('; ')}`);
  for (const p of r.proximity) lines.push(`         proximity ${p.clause + 1} (within ${p.within}): ${p.groups.map((g, i) => `group ${i + 1} ${g.length ? g.map(hit).join(' / ') : 'not found'}`).join(' · ')}`);
  if (r.blockers.length > 0) lines.push(`         blocked by: ${r.blockers.map((b) => `${b.role} ${hit(b)}`).join('; ')}`);
  return lines;
}
/** Worth an author's eye: fired, silenced by a condition, or a proximity clause two groups along. */
const NO_CANDIDATE = 'no trigger phrase';
const relevant = (r: RuleExplanation): boolean =>
  values.all || r.fired !== undefined || r.terms.length > 0 || !(r.reason ?? NO_CANDIDATE).startsWith(NO_CANDIDATE) || r.proximity.some((p) => p.groups.filter((g) => g.length > 0).length >= 2);
function textReport(e: Explanation & { text: string }): string {
  const shown = e.rules.filter(relevant);
  return [`${e.text}`, `  normalised: ${e.normalized}`, ...(shown.length ? shown.flatMap(ruleLines) : ['  no rule fired or came close (--all lists every stray word)']), ''].join('\n');
}

process.stdout.write(values.json ? `${JSON.stringify({ lexiconVersion: set.index.version, results }, null, 2)}\n` : `lexicon ${set.index.version}, ${speaker}, callee ${calleeRole}${values.student ? ', student' : ''}\n\n${results.map(textReport).join('\n')}`);
