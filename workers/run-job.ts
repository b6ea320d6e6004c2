import { UnrecoverableError } from 'bullmq';
import { isCallqaError, type StageAttempt, type StageFailure } from '../core/index.js';

/** What a processor needs to know of a BullMQ job (sandboxed or not). */
export interface JobInfo {
  id?: string | undefined;
  attemptsMade: number;
  opts: { attempts?: number | undefined };
}

export function attemptOf(job: JobInfo): StageAttempt {
  return { jobId: job.id, attempt: job.attemptsMade + 1, maxAttempts: job.opts.attempts ?? 1 };
}

/**
 * Runs a job body and maps failures for BullMQ: errors classified unrecoverable (bad input,
 * missing recording, non-retryable CallqaErrors) become `UnrecoverableError` (no retry loop; the
 * code is already recorded in stage_runs), anything else is rethrown for retry with backoff.
 */
export async function runJob<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    const failure = (err as { stageFailure?: StageFailure }).stageFailure;
    const unrecoverable = failure ? failure.unrecoverable : isCallqaError(err) && !err.retryable;
    if (unrecoverable) {
      const code = failure?.code ?? (isCallqaError(err) ? err.code : 'CALLQA_INTERNAL');
      throw new UnrecoverableError(`${code}: ${(err as Error).message}`);
    }
    throw err;
  }
}
