import { join } from 'node:path';
import type { ServiceConfig } from '../config/env.js';
import { CallqaError, ErrorCodes } from '../domain/errors.js';
import type { Pool } from '../db/pool.js';
import { withTransaction } from '../db/pool.js';
import type { Repositories } from '../db/repositories/index.js';
import type { Logger } from '../logger.js';
import type { StageJob } from '../queue/jobs.js';
import type { QueueProducer } from '../queue/producer.js';
import type { CallTranscriber } from './ports.js';

export interface TranscribeStageDeps {
  config: Pick<ServiceConfig, 'dataDir' | 'pipelineVersion'>;
  pool: Pool;
  repos: Pick<Repositories, 'recordings' | 'transcripts'>;
  queue: Pick<QueueProducer, 'enqueueAnalyze'>;
  getTranscriber: () => Promise<CallTranscriber>;
  logger: Logger;
}

export interface TranscribeStageResult {
  segments: number;
  durationMs: number;
  /** True when a transcript of this pipeline version was already stored (a retried job): not transcribed again. */
  reused: boolean;
}

/**
 * The `transcribe` stage: decode + VAD + ASR of a stored recording, transcript and segments
 * replaced in one transaction (one transcript per recording, whatever the retries), then the
 * `analyze` job enqueued (deterministic id, so a retry does not add a second one).
 *
 * The transcript is labelled with this worker's pipeline version (schema and ASR model), not the
 * job's: the job carries the version of the process that enqueued it, which may run another model
 * (an API on base, workers switched to small). A stored transcript is reused only when this worker
 * would have produced it.
 *
 * @throws CallqaError NOT_FOUND (non-retryable) when the recording does not exist; the
 * transcriber's input errors (undecodable audio, …) as they are.
 */
export async function runTranscribeStage(
  deps: TranscribeStageDeps,
  job: StageJob,
  opts: { signal?: AbortSignal; onProgress?: (fraction: number) => void } = {},
): Promise<TranscribeStageResult> {
  const rec = await deps.repos.recordings.findById(job.recordingId);
  if (!rec) throw new CallqaError(ErrorCodes.NOT_FOUND, `recording ${job.recordingId} not found`, { input: job.recordingId, retryable: false });

  const stored = await deps.repos.transcripts.get(rec.id);
  const version = deps.config.pipelineVersion;
  if (job.pipelineVersion !== version) {
    deps.logger.info({ recordingId: rec.id, jobVersion: job.pipelineVersion, workerVersion: version }, 'job enqueued for another pipeline version: transcribing with this worker\'s');
  }
  let result: TranscribeStageResult;
  if (stored && stored.pipelineVersion === version) {
    result = { segments: stored.segments.length, durationMs: stored.durationMs, reused: true };
  } else {
    await deps.repos.recordings.setStatus(rec.id, 'transcribing');
    const transcriber = await deps.getTranscriber();
    const transcript = await transcriber.transcribe({ path: join(deps.config.dataDir, rec.storagePath) }, { ...rec.meta, callId: rec.callId }, opts);
    if (!transcript.asrModel) transcript.asrModel = transcriber.asrModel;
    await withTransaction(deps.pool, async (tx) => {
      await deps.repos.transcripts.upsert(tx, rec.id, version, transcript);
      await deps.repos.recordings.setStatus(rec.id, 'transcribed', { durationMs: Math.round(transcript.durationMs) }, tx);
    });
    result = { segments: transcript.segments.length, durationMs: transcript.durationMs, reused: false };
  }
  await deps.queue.enqueueAnalyze(job, rec.priority);
  return result;
}
