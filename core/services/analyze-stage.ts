import type { ServiceConfig } from '../config/env.js';
import { CallqaError, ErrorCodes } from '../domain/errors.js';
import type { Transcript } from '../domain/transcript.js';
import { withTransaction, type Pool } from '../db/pool.js';
import type { Alert } from '../db/repositories/alerts.repository.js';
import type { Analysis, StoredFinding } from '../db/repositories/analyses.repository.js';
import type { Repositories } from '../db/repositories/index.js';
import type { AlertPublisher } from '../events/alerts.js';
import type { Logger } from '../logger.js';
import type { StageJob } from '../queue/jobs.js';
import type { QueueProducer } from '../queue/producer.js';
import { getPolicy } from '../rules/policy/load.js';
import { isAlert } from '../rules/scoring.js';
import { alertPayload, alertingFindings, isAlertFinding } from './alerts.js';
import type { CallAnalyzer } from './ports.js';

export interface AnalyzeStageDeps {
  config: Pick<ServiceConfig, 'alertMajorCategories' | 'webhook'>;
  pool: Pool;
  repos: Pick<Repositories, 'recordings' | 'transcripts' | 'analyses' | 'alerts'>;
  getAnalyzer: () => Promise<CallAnalyzer>;
  publisher: Pick<AlertPublisher, 'publish'>;
  queue: Pick<QueueProducer, 'enqueueWebhook'>;
  logger: Logger;
}

export interface AnalyzeStageOptions {
  /** Always store a new analysis, even if one of this pipeline and lexicon version exists (re-analysis). */
  force?: boolean;
  /** Raise alerts (publish + webhook) for alerting findings. @defaultValue true */
  raiseAlerts?: boolean;
}

export interface AnalyzeStageResult {
  analysis: Analysis;
  findings: StoredFinding[];
  /** The analysis that was current before (when a new one was stored). */
  previous: { analysis: Analysis; findings: StoredFinding[] } | undefined;
  /** False when this run found its analysis already stored (a retried job) and changed nothing. */
  created: boolean;
  alerts: Alert[];
}

/**
 * The `analyze` stage: rules over the stored transcript; analysis + findings + alerts written in
 * one transaction (the recording row locked, so concurrent runs serialise); the analysis becomes
 * current and the previous one is kept. Idempotent: a run key `<pipelineVersion>/<lexiconVersion>`
 * per recording means a retried job stores nothing twice. After the commit, alerts are published
 * on the alerts stream and webhook deliveries enqueued.
 */
export async function runAnalyzeStage(deps: AnalyzeStageDeps, job: StageJob, opts: AnalyzeStageOptions = {}): Promise<AnalyzeStageResult> {
  const rec = await deps.repos.recordings.findById(job.recordingId);
  if (!rec) throw new CallqaError(ErrorCodes.NOT_FOUND, `recording ${job.recordingId} not found`, { input: job.recordingId, retryable: false });
  const stored = await deps.repos.transcripts.get(rec.id);
  if (!stored) throw new CallqaError(ErrorCodes.NOT_FOUND, `recording ${rec.id} has no transcript to analyse`, { input: rec.id, retryable: false });
  const analyzer = await deps.getAnalyzer();
  const transcript: Transcript = {
    callId: rec.callId, durationMs: stored.durationMs, segments: stored.segments, meta: rec.meta,
    ...(stored.activity ? { activity: stored.activity } : {}), ...(stored.asrModel ? { asrModel: stored.asrModel } : {}),
  };
  const report = analyzer.analyze(transcript, undefined, stored.asrModel ? { asrModel: stored.asrModel } : {});
  // The version that produced the transcript, whatever the job (enqueued elsewhere) asked for.
  const pipelineVersion = stored.pipelineVersion;
  const baseKey = `${pipelineVersion}/${report.engine.lexiconVersion}`;
  const runKey = opts.force ? `${baseKey}/re-${new Date().toISOString()}` : baseKey;
  const policy = analyzer.policies ? getPolicy(analyzer.policies, rec.meta.policy) : undefined;
  const policyRule = policy ? (f: Parameters<typeof isAlert>[0]) => isAlert(f, policy) : undefined;

  const outcome = await withTransaction(deps.pool, async (tx) => {
    await tx.query('SELECT id FROM recordings WHERE id = $1 FOR UPDATE', [rec.id]);
    const existing = await deps.repos.analyses.findByRunKey(rec.id, runKey, tx);
    if (existing) {
      const findings = await deps.repos.analyses.findingsOf(existing.id, tx);
      return { analysis: existing, findings, previous: undefined, created: false, alerts: [] as Alert[] };
    }
    const previous = await deps.repos.analyses.getCurrent(rec.id, tx);
    const { analysis, findings } = await deps.repos.analyses.insertCurrent(tx, { recordingId: rec.id, runKey, pipelineVersion, report });
    const alerting = opts.raiseAlerts === false ? [] : alertingFindings(findings, (f) => isAlertFinding(f, deps.config.alertMajorCategories, policyRule));
    const alerts = await deps.repos.alerts.insertMany(tx, alerting.map((a) => ({ recordingId: rec.id, analysisId: analysis.id, payload: alertPayload(rec, a.finding, a.occurrences) })));
    await deps.repos.recordings.setStatus(rec.id, 'scored', {}, tx);
    return { analysis, findings, previous, created: true, alerts };
  });

  // A retried job whose first run committed but died before publishing re-publishes (ids dedupe downstream).
  const toPublish = outcome.created ? outcome.alerts : opts.raiseAlerts === false ? [] : await deps.repos.alerts.listForRecording(rec.id).then((all) => all.filter((a) => a.analysisId === outcome.analysis.id));
  if (!outcome.created) await deps.repos.recordings.setStatus(rec.id, 'scored');
  if (toPublish.length > 0) {
    await deps.publisher.publish(toPublish);
    if (deps.config.webhook) for (const a of toPublish) await deps.queue.enqueueWebhook(a.id);
    deps.logger.info({ recordingId: rec.id, alerts: toPublish.map((a) => a.id) }, 'alerts raised');
  }
  return outcome;
}
