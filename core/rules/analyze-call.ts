import type { CalleeRole, CallMeta } from '../domain/call-meta.js';
import type { Finding, Report } from '../domain/report.js';
import type { Transcript } from '../domain/transcript.js';
import { mergeMeta } from './analyze-input.js';
import { ruleContextFromMeta, type RuleContext } from './context.js';
import { detectCallingHours } from './heuristics/calling-hours.js';
import { detectInterruptions, findInterruptions } from './heuristics/interruption.js';
import { computeMetrics } from './heuristics/metrics.js';
import { detectMissingIdentity, type IdentityStatement } from './heuristics/missing-identity.js';
import { detectRaisedVoice } from './heuristics/raised-voice.js';
import type { DraftFinding, HeuristicInput } from './heuristics/types.js';
import { getPolicy, type PolicySet } from './policy/load.js';
import { applyPolicyOverrides, scoreFindings } from './scoring.js';

/** What the lexicon stage returns for one call. */
export interface LexiconRunResult {
  findings: ReadonlyArray<DraftFinding | Finding>;
  /** The right-party state after inference from the conversation. */
  calleeRole: CalleeRole;
  /** The agent's identity statements (接受/受XX委托的XX公司) the lexicon found. */
  identityStatements: readonly IdentityStatement[];
}

/** The compiled lexicons, ready to run on one call after another. */
export interface LexiconRunner {
  version: string;
  run(transcript: Transcript, ctx: RuleContext): LexiconRunResult;
}

/** Everything `analyzeCall` needs, loaded once per process. */
export interface AnalyzeDeps {
  lexicon: LexiconRunner;
  policies: PolicySet;
  /** callqa's package version. */
  version: string;
}

/** Per-call options. */
export interface AnalyzeOptions {
  /** ASR model that produced the transcript; defaults to `transcript.asrModel`, else null. */
  asrModel?: string;
}

const SEVERITY_RANK = { minor: 0, major: 1, critical: 2 } as const;

function better(a: DraftFinding, b: DraftFinding): DraftFinding {
  const ds = SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity];
  if (ds !== 0) return ds > 0 ? b : a;
  return b.confidence > a.confidence ? b : a;
}

/**
 * Merges findings of the same rule whose spans overlap (or start together): the stronger one
 * (severity, then confidence) is kept, its span widened to cover both, and a distinct evidence
 * text appended. Returns the findings sorted by start, end, rule.
 */
export function dedupeFindings(findings: readonly DraftFinding[]): DraftFinding[] {
  const sorted = [...findings].sort((a, b) => a.startMs - b.startMs || a.endMs - b.endMs || a.ruleId.localeCompare(b.ruleId));
  const open = new Map<string, DraftFinding>();
  const out: DraftFinding[] = [];
  for (const f of sorted) {
    const cur = open.get(f.ruleId);
    if (cur && (f.startMs < cur.endMs || f.startMs === cur.startMs)) {
      const kept = { ...better(cur, f) };
      kept.startMs = Math.min(cur.startMs, f.startMs);
      kept.endMs = Math.max(cur.endMs, f.endMs);
      const other = kept.evidence === cur.evidence ? f.evidence : cur.evidence;
      if (!kept.evidence.includes(other)) kept.evidence = `${kept.evidence} … ${other}`;
      out[out.indexOf(cur)] = kept;
      open.set(f.ruleId, kept);
    } else {
      out.push(f);
      open.set(f.ruleId, f);
    }
  }
  return out.sort((a, b) => a.startMs - b.startMs || a.endMs - b.endMs || a.ruleId.localeCompare(b.ruleId));
}

/**
 * Analyses one call: merges the metadata (`metaOverride` wins field by field over
 * `transcript.meta`), picks the policy (`meta.policy`, else `default`), runs the lexicon and the
 * heuristics, dedupes, sorts, numbers (`f-1`…), prices and scores the findings, and returns the
 * contract report (`callqa.report/v1`).
 *
 * @throws CallqaError POLICY_UNKNOWN when the metadata names a policy that does not exist.
 */
export function analyzeCall(deps: AnalyzeDeps, transcript: Transcript, metaOverride?: CallMeta, opts: AnalyzeOptions = {}): Report {
  const meta = mergeMeta(transcript.meta, metaOverride);
  const policy = getPolicy(deps.policies, meta.policy);
  const ctx = ruleContextFromMeta(meta);
  const lexicon = deps.lexicon.run(transcript, ctx);
  const input: HeuristicInput = { transcript, ctx, policy };

  const interruptions = findInterruptions(transcript, policy.interruption.graceMs);
  const drafts: DraftFinding[] = [];
  for (const f of lexicon.findings) {
    const { id: _id, ...draft } = f as Finding;
    drafts.push(draft);
  }
  drafts.push(
    ...detectRaisedVoice(input),
    ...detectInterruptions(input, interruptions),
    ...detectCallingHours(input),
    ...detectMissingIdentity(input, lexicon.identityStatements),
  );

  const scored = scoreFindings(applyPolicyOverrides(dedupeFindings(drafts), policy), policy);
  const findings: Finding[] = scored.findings.map((f, i) => ({ id: `f-${i + 1}`, ...f }));

  return {
    contract: 'callqa.report/v1',
    callId: meta.callId ?? transcript.callId,
    durationMs: transcript.durationMs,
    score: scored.score,
    penaltyYuan: scored.penaltyYuan,
    findings,
    metrics: computeMetrics(transcript, interruptions.events.length),
    transcript: { segments: transcript.segments },
    engine: {
      asrModel: opts.asrModel ?? transcript.asrModel ?? null,
      lexiconVersion: deps.lexicon.version,
      version: deps.version,
      policy: policy.name,
    },
    calleeRole: lexicon.calleeRole,
  };
}
