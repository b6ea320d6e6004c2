/** Stores a transcript, a scored analysis with one critical finding, and its alert, through core's repositories. */
import type { Core } from '../../../core/index.js';
import type { Pool } from '../../../core/db/pool.js';
import type { NewAlert } from '../../../core/db/repositories/alerts.repository.js';
import type { Report } from '../../../core/domain/report.js';

export async function seedScored(core: Core, pool: Pool, recordingId: string): Promise<{ alertId: number; findingId: string }> {
  const pending = await seedFinding(core, pool, recordingId);
  const [alert] = await core.repos.alerts.insertMany(pool, [pending]);
  if (!alert) throw new Error('alert not stored');
  await core.repos.recordings.setStatus(recordingId, 'scored');
  return { alertId: alert.id, findingId: pending.payload.findingId };
}

/** Stores the transcript and a scored analysis with one critical finding; returns the alert to raise for it. */
export async function seedFinding(core: Core, pool: Pool, recordingId: string): Promise<NewAlert> {
  const recording = await core.repos.recordings.findById(recordingId);
  if (!recording) throw new Error(`no recording ${recordingId}`);
  const segments = [
    { speaker: 'agent' as const, startMs: 0, endMs: 2000, text: '你再不还钱我们就联系你通讯录里所有人', trusted: true },
    { speaker: 'customer' as const, startMs: 2500, endMs: 4000, text: '我知道了', trusted: true },
  ];
  await core.repos.transcripts.upsert(pool, recordingId, 'test-1', { callId: recording.callId, durationMs: 5000, segments, asrModel: 'whisper-tiny-q8' });
  const report: Report = {
    contract: 'callqa.report/v1',
    callId: recording.callId,
    durationMs: 5000,
    score: 40,
    penaltyYuan: 5000,
    findings: [
      {
        id: 'f-1',
        ruleId: 'contact_list.threat',
        category: 'contact_list_threat',
        severity: 'critical',
        source: 'lexicon',
        speaker: 'agent',
        startMs: 0,
        endMs: 2000,
        evidence: '你再不还钱我们就联系你通讯录里所有人',
        match: { term: '联系你通讯录', variant: '联系你通讯录', method: 'exact' },
        confidence: 0.97,
      },
    ],
    metrics: { agentTalkMs: 2000, customerTalkMs: 1500 },
    transcript: { segments },
    engine: { asrModel: 'whisper-tiny-q8', lexiconVersion: 'test', version: '0.0.0' },
  };
  const { analysis, findings } = await core.repos.analyses.insertCurrent(pool, { recordingId, runKey: 'test-run', pipelineVersion: 'test-1', report });
  const f = findings[0];
  if (!f) throw new Error('finding not stored');
  return {
    recordingId,
    analysisId: analysis.id,
    payload: {
      recordingId, callId: recording.callId, findingId: f.findingId, ruleId: f.ruleId, category: f.category, severity: f.severity,
      startMs: f.startMs, endMs: f.endMs, evidence: f.evidence, agentId: recording.agentId, agencyId: recording.agencyId,
      startedAt: recording.startedAt, acceptedAt: recording.createdAt,
    },
  };
}
