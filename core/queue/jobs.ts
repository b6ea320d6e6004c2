import { Type, type Static } from 'typebox';
import { Value } from 'typebox/value';
import type { JobsOptions } from 'bullmq';
import { CallqaError, ErrorCodes } from '../domain/errors.js';
import type { Priority } from '../db/repositories/recordings.repository.js';

/** Queue names: lowercase stage names (architecture §4.7). */
export const QUEUES = { transcribe: 'transcribe', analyze: 'analyze', webhook: 'webhook' } as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];
/** The Redis stream alerts travel on (a QueueEvents stream of this name, no jobs). */
export const ALERTS_CHANNEL = 'alerts';

/** BullMQ priority: lower runs first; realtime calls always go before batch calls. */
export const PRIORITY: Record<Priority, number> = { realtime: 1, batch: 10 };

const Uuid = Type.String({ pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' });

/** Payload of `transcribe` and `analyze` jobs: ids only, never audio, text or personal data. */
export const StageJobSchema = Type.Object({ recordingId: Uuid, pipelineVersion: Type.String({ pattern: '^[A-Za-z0-9._-]+$', maxLength: 64 }) }, { additionalProperties: false });
export type StageJob = Static<typeof StageJobSchema>;
/** Payload of `webhook` jobs. */
export const WebhookJobSchema = Type.Object({ alertId: Type.Integer({ minimum: 1 }) }, { additionalProperties: false });
export type WebhookJob = Static<typeof WebhookJobSchema>;

/**
 * Validates a job payload at the consumer (Redis data outlives deploys). Throws a non-retryable
 * `CALLQA_INTERNAL` error naming the job on a bad payload.
 */
export function parseStageJob(data: unknown, jobId: string | undefined): StageJob {
  if (Value.Check(StageJobSchema, data)) return data;
  throw new CallqaError(ErrorCodes.INTERNAL, `job ${jobId ?? '?'}: invalid payload (${[...Value.Errors(StageJobSchema, data)].map((e) => `${e.instancePath || '/'} ${e.message}`).join('; ')})`, { retryable: false });
}

export function parseWebhookJob(data: unknown, jobId: string | undefined): WebhookJob {
  if (Value.Check(WebhookJobSchema, data)) return data;
  throw new CallqaError(ErrorCodes.INTERNAL, `job ${jobId ?? '?'}: invalid webhook payload`, { retryable: false });
}

/** Deterministic job id: `<stage>-<recordingId>-<pipelineVersion>` (no `:`, never all digits). */
export function stageJobId(stage: 'transcribe' | 'analyze', job: StageJob): string {
  return `${stage}-${job.recordingId}-${job.pipelineVersion}`;
}

export function webhookJobId(alertId: number): string {
  return `webhook-${alertId}`;
}

const KEEP = { removeOnComplete: { age: 3600, count: 1000 }, removeOnFail: { age: 14 * 24 * 3600, count: 50_000 } } as const;

/** Job options per queue: attempts, exponential backoff with jitter, small completed retention. */
export function jobOptions(queue: QueueName, priority: Priority = 'batch'): JobsOptions {
  switch (queue) {
    case 'transcribe':
      return { attempts: 3, backoff: { type: 'exponential', delay: 5_000, jitter: 0.5 }, priority: PRIORITY[priority], ...KEEP };
    case 'analyze':
      return { attempts: 3, backoff: { type: 'exponential', delay: 2_000, jitter: 0.5 }, priority: PRIORITY[priority], ...KEEP };
    case 'webhook':
      return { attempts: 6, backoff: { type: 'exponential', delay: 1_000, jitter: 0.5 }, ...KEEP };
  }
}
