/**
 * Rules: transcript + metadata → scored findings (contract report section 4).
 *
 * @example
 * const analyzer = createAnalyzer();
 * const report = analyzer.analyze(parseTranscript(json, file), meta);
 */
export { createAnalyzer, type Analyzer, type AnalyzerOptions, type AnalyzeOptions } from './analyze.js';
export { parseTranscript, parseCallMeta, mergeMeta } from './analyze-input.js';
export { analyzeCall, dedupeFindings, type AnalyzeDeps, type LexiconRunner, type LexiconRunResult } from './analyze-call.js';
export { scoreFindings, applyPolicyOverrides, resolvePenaltyClass, isAlert, type ScoreResult } from './scoring.js';
export { loadPolicySet, getPolicy, DEFAULT_POLICY, PolicySchema, type Policy, type PolicySet } from './policy/index.js';
export { ruleContextFromMeta, type RuleContext } from './context.js';
export * from './heuristics/index.js';
