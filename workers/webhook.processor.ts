import type { Job } from 'bullmq';
import { parseWebhookJob, type Core } from '../core/index.js';
import { runJob } from './run-job.js';

/** In-process processor of the `webhook` queue: one signed POST per attempt, every attempt recorded. */
export function createWebhookProcessor(core: Core) {
  return async (job: Job): Promise<{ statusCode: number }> => {
    const { alertId } = parseWebhookJob(job.data, job.id);
    return runJob(() => core.services.deliverWebhook(alertId, job.attemptsMade + 1));
  };
}
