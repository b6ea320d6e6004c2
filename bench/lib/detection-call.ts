import type { Report } from '../../core/domain/report.js';
import type { Transcript } from '../../core/domain/transcript.js';
import type { DetectionCallResult } from './results.js';

/** What the detection benchmark keeps of one analysed call: the findings and the words heard. */
export function toDetectionCall(callId: string, transcript: Transcript, report: Report, wallMs: number): DetectionCallResult {
  return {
    callId,
    audioMs: transcript.durationMs,
    wallMs,
    ...(report.calleeRole ? { calleeRole: report.calleeRole } : {}),
    findings: report.findings.map((f) => ({
      category: f.category,
      ruleId: f.ruleId,
      speaker: f.speaker,
      startMs: f.startMs,
      endMs: f.endMs,
      evidence: f.evidence,
      ...(f.match ? { method: f.match.method } : {}),
    })),
    segments: transcript.segments.map((s) => ({ speaker: s.speaker, startMs: s.startMs, endMs: s.endMs, text: s.text, trusted: s.trusted !== false })),
  };
}
