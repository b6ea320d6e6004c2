/** Assembles the contract report (section 4) from what core stored for a recording. */
import type { Analysis, Recording, StoredFinding, StoredTranscript } from '../../core/index.js';
import type { Finding, Report } from '../../core/domain/report.js';

/** The report's view of a stored finding (drops database bookkeeping). */
export function reportFinding(f: StoredFinding): Finding {
  const out: Finding = {
    id: f.id,
    ruleId: f.ruleId,
    category: f.category,
    severity: f.severity,
    source: f.source,
    speaker: f.speaker,
    startMs: f.startMs,
    endMs: f.endMs,
    evidence: f.evidence,
    confidence: f.confidence,
  };
  if (f.match) out.match = f.match;
  if (f.penaltyClass) out.penaltyClass = f.penaltyClass;
  if (f.penaltyYuan !== undefined && f.penaltyYuan !== null) out.penaltyYuan = f.penaltyYuan;
  if (f.detail) out.detail = f.detail;
  return out;
}

export function buildReport(recording: Recording, transcript: StoredTranscript, analysis: Analysis, findings: StoredFinding[], version: string): Report {
  const report: Report = {
    contract: 'callqa.report/v1',
    callId: recording.callId,
    durationMs: transcript.durationMs,
    score: analysis.score,
    penaltyYuan: analysis.penaltyYuan,
    findings: findings.map(reportFinding),
    metrics: analysis.metrics,
    transcript: { segments: transcript.segments },
    engine: { asrModel: analysis.asrModel ?? transcript.asrModel, lexiconVersion: analysis.lexiconVersion, version },
  };
  if (analysis.policy) report.engine.policy = analysis.policy;
  if (analysis.calleeRole === 'debtor' || analysis.calleeRole === 'third_party' || analysis.calleeRole === 'unknown') report.calleeRole = analysis.calleeRole;
  return report;
}
