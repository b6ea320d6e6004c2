import type { CallMeta } from '../domain/call-meta.js';
import { CallqaError, ErrorCodes } from '../domain/errors.js';
import type { Report } from '../domain/report.js';
import type { Transcript } from '../domain/transcript.js';
import { analyzeCall, type AnalyzeDeps, type AnalyzeOptions, type LexiconRunner } from './analyze-call.js';
import type { RuleContext } from './context.js';
import { compileLexiconSet, loadLexiconSet, runLexiconRules, type LexiconSet } from './lexicon/index.js';
import { getPolicy, loadPolicySet, type PolicySet } from './policy/load.js';
import { packageVersion } from '../config/package-info.js';

export { parseCallMeta, parseTranscript, mergeMeta } from './analyze-input.js';
export type { AnalyzeOptions } from './analyze-call.js';

/** Where the analyzer reads its data from. */
export interface AnalyzerOptions {
  /** Lexicon directory. @defaultValue the package's `lexicons/` */
  lexiconDir?: string;
  /** Policy profiles directory. @defaultValue the package's `policies/` */
  policiesDir?: string;
}

/** Lexicons and policies loaded and compiled once; analyses call after call. */
export interface Analyzer {
  /**
   * Analyses one transcript into a contract report.
   * @param metaOverride - overrides `transcript.meta` field by field (the CLI's `--meta`).
   * @throws CallqaError POLICY_UNKNOWN when the metadata names an unknown policy.
   */
  analyze(transcript: Transcript, metaOverride?: CallMeta, opts?: AnalyzeOptions): Report;
  readonly lexiconVersion: string;
  readonly policies: PolicySet;
}

/**
 * Every lexicon rule's penalty class must mean something in every policy profile; a typo would
 * otherwise silently fall back to the severity's class.
 */
function checkPenaltyClasses(set: LexiconSet, policies: PolicySet): void {
  for (const policy of policies.policies.values()) {
    const { classes, aliases } = policy.penalties;
    for (const rule of set.rules) {
      const c = rule.penaltyClass;
      if (c !== undefined && !(c in classes) && !(c in aliases)) {
        throw new CallqaError(
          ErrorCodes.LEXICON_INVALID,
          `lexicon ${rule.file}: rule ${rule.id} names penalty class "${c}", unknown to policy ${policy.name}`,
          { input: rule.file },
        );
      }
    }
  }
}

/**
 * Loads and compiles the lexicons and the policy profiles once, and returns an analyzer that
 * reuses them for every call (no file reads or compilation per call).
 *
 * @throws CallqaError LEXICON_INVALID for a bad lexicon or policy file.
 * @example
 * const analyzer = createAnalyzer();
 * const report = analyzer.analyze(parseTranscript(json, file), meta, { asrModel: 'whisper-base-q8' });
 */
export function createAnalyzer(opts: AnalyzerOptions = {}): Analyzer {
  const set = loadLexiconSet(opts.lexiconDir);
  const compiled = compileLexiconSet(set);
  const policies = loadPolicySet(opts.policiesDir);
  checkPenaltyClasses(set, policies);

  const lexicon: LexiconRunner = {
    version: compiled.version,
    run(transcript: Transcript, ctx: RuleContext) {
      const policy = getPolicy(policies, ctx.meta.policy);
      return runLexiconRules(compiled, transcript, ctx, {
        earlyStageMaxDaysOverdue: policy.earlyStageMaxDaysOverdue,
        strict: policy.strictForbiddenWords,
      });
    },
  };
  const deps: AnalyzeDeps = { lexicon, policies, version: packageVersion() };
  return {
    analyze: (transcript, metaOverride, callOpts) => analyzeCall(deps, transcript, metaOverride, callOpts),
    lexiconVersion: compiled.version,
    policies,
  };
}
