/**
 * Lexicon rules: YAML phrase data (`lexicons/`) → compiled matcher → lexicon findings.
 *
 * @example
 * const compiled = compileLexiconSet(loadLexiconSet());
 * const { findings, calleeRole, identityStatements } = runLexiconRules(compiled, transcript, ctx, { earlyStageMaxDaysOverdue: 15 });
 */
export { loadLexiconSet, defaultLexiconDir, type LexiconSet, type LoadedRule } from './loader.js';
export { compileLexiconSet, type CompiledLexicon, type CompiledRule } from './compile.js';
export { runLexiconRules, type LexiconRunOptions, type LexiconRunResult, type IdentityStatement } from './run.js';
export { lintLexiconSet, type LintProblem, type LintReport } from './lint.js';
export { normalizeText, simplifyDisplay, type NormText } from './normalize.js';
export type { RoleChange } from './right-party.js';
export { RuleSchema, LexiconFileSchema, LexiconIndexSchema, type LexiconRule, type LexiconIndex } from './schema.js';
export { explainSentence, type Explanation, type RuleExplanation, type ExplainOptions } from './explain.js';
