import { CallqaError, ErrorCodes, isCallqaError, type ErrorCode } from '../domain/errors.js';
import type { Repositories } from '../db/repositories/index.js';
import type { Stage } from '../db/repositories/stage-runs.repository.js';
import type { Logger } from '../logger.js';
import type { StageJob } from '../queue/jobs.js';

export interface StageAttempt {
  /** BullMQ job id. */
  jobId: string | undefined;
  /** 1-based number of this attempt. */
  attempt: number;
  /** Attempts the job has in total. */
  maxAttempts: number;
}

/** How a failed stage attempt is to be treated by the queue. */
export interface StageFailure {
  code: ErrorCode;
  message: string;
  /** No retry can help (bad input, missing recording): fail the job at once. */
  unrecoverable: boolean;
}

/** Classifies an error: input errors and non-retryable domain errors are final; anything else may be retried. */
export function classifyStageError(err: unknown): StageFailure {
  if (isCallqaError(err)) return { code: err.code, message: err.message, unrecoverable: !err.retryable };
  const message = err instanceof Error ? err.message : String(err);
  return { code: ErrorCodes.INTERNAL, message, unrecoverable: false };
}

/**
 * Runs one stage attempt with its bookkeeping: `stage_runs` marked running (attempts + 1), then
 * completed with its duration, or failed/retrying with the error code; a final failure also marks
 * the recording `failed` with the code and message. Rethrows the original error with the
 * classification attached, so the worker can turn unrecoverable ones into BullMQ's
 * `UnrecoverableError`.
 */
export async function runStage<T>(
  deps: { repos: Pick<Repositories, 'stageRuns' | 'recordings'>; logger: Logger },
  stage: Stage,
  job: StageJob,
  attempt: StageAttempt,
  fn: () => Promise<T>,
): Promise<T> {
  const started = performance.now();
  const log = deps.logger.child({ recordingId: job.recordingId, stage, jobId: attempt.jobId, attempt: attempt.attempt });
  await deps.repos.stageRuns.start(job.recordingId, stage, job.pipelineVersion, attempt.jobId ?? null).catch((err: unknown) => {
    // A stage for a recording that no longer exists (FK violation) is bad input, not a retry.
    if ((err as { code?: string }).code === '23503') throw new CallqaError(ErrorCodes.NOT_FOUND, `recording ${job.recordingId} not found`, { input: job.recordingId, retryable: false });
    throw err;
  });
  try {
    const result = await fn();
    const durationMs = performance.now() - started;
    await deps.repos.stageRuns.complete(job.recordingId, stage, job.pipelineVersion, durationMs);
    log.info({ durationMs: Math.round(durationMs) }, 'stage completed');
    return result;
  } catch (err) {
    const failure = classifyStageError(err);
    const final = failure.unrecoverable || attempt.attempt >= attempt.maxAttempts;
    log.warn({ code: failure.code, err: { message: failure.message }, final }, 'stage failed');
    await deps.repos.stageRuns.fail(job.recordingId, stage, job.pipelineVersion, { code: failure.code, message: failure.message, final }).catch(() => undefined);
    if (final) {
      await deps.repos.recordings.setStatus(job.recordingId, 'failed', { errorCode: failure.code, errorMessage: failure.message }).catch(() => undefined);
    }
    throw Object.assign(err instanceof Error ? err : new Error(String(err)), { stageFailure: failure });
  }
}
