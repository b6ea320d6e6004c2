import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { CallqaError, ErrorCodes } from '../domain/errors.js';
import type { Priority } from '../db/repositories/recordings.repository.js';
import { waitForRedis } from './connection.js';
import { jobOptions, QUEUES, stageJobId, webhookJobId, type QueueName, type StageJob } from './jobs.js';

export interface QueueCounts {
  waiting: number;
  active: number;
  delayed: number;
  prioritized: number;
  failed: number;
  completed: number;
}

/** How long an enqueue may take before it counts as "Redis unavailable". */
const ENQUEUE_TIMEOUT_MS = 3_000;
/** How long to wait for a (re)connecting Redis before failing an enqueue. */
const READY_TIMEOUT_MS = 1_000;

async function withTimeout<T>(what: string, p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ENQUEUE_TIMEOUT_MS} ms`)), ENQUEUE_TIMEOUT_MS);
  });
  try {
    return await Promise.race([p, timeout]);
  } catch (cause) {
    if (cause instanceof CallqaError) throw cause;
    throw new CallqaError(ErrorCodes.UNAVAILABLE, `queue unavailable (${what}): ${(cause as Error).message}`, { cause });
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The producer side of the three queues (BullMQ `Queue`s on one shared connection). Every add
 * uses the deterministic job id, so adding the same stage twice is a no-op while the job exists.
 * Errors reaching Redis become `CALLQA_UNAVAILABLE` within a few seconds.
 */
export function createQueueProducer(opts: { connection: Redis; prefix: string }) {
  const queues = new Map<QueueName, Queue>();
  // With the offline queue off, a Queue must only be created (and used) on a ready connection.
  const ready = async (what: string): Promise<void> => {
    try {
      await waitForRedis(opts.connection, READY_TIMEOUT_MS);
    } catch (cause) {
      throw new CallqaError(ErrorCodes.UNAVAILABLE, `queue unavailable (${what}): ${(cause as Error).message}`, { cause });
    }
  };
  const queue = (name: QueueName): Queue => {
    let q = queues.get(name);
    if (!q) {
      q = new Queue(name, { connection: opts.connection, prefix: opts.prefix, skipWaitingForReady: true });
      q.on('error', () => undefined);
      queues.set(name, q);
    }
    return q;
  };
  return {
    prefix: opts.prefix,
    /** Throws `CALLQA_UNAVAILABLE` (within about a second) unless Redis is reachable. */
    assertAvailable: (): Promise<void> => ready('enqueue'),
    async enqueueTranscribe(job: StageJob, priority: Priority): Promise<string> {
      const id = stageJobId('transcribe', job);
      await ready('transcribe');
      await withTimeout('transcribe', queue(QUEUES.transcribe).add('transcribe', job, { ...jobOptions('transcribe', priority), jobId: id }));
      return id;
    },
    async enqueueAnalyze(job: StageJob, priority: Priority): Promise<string> {
      const id = stageJobId('analyze', job);
      await ready('analyze');
      await withTimeout('analyze', queue(QUEUES.analyze).add('analyze', job, { ...jobOptions('analyze', priority), jobId: id }));
      return id;
    },
    async enqueueWebhook(alertId: number): Promise<string> {
      const id = webhookJobId(alertId);
      await ready('webhook');
      await withTimeout('webhook', queue(QUEUES.webhook).add('webhook', { alertId }, { ...jobOptions('webhook'), jobId: id }));
      return id;
    },
    /** Job counts per queue (metrics, readiness). */
    async counts(): Promise<Record<QueueName, QueueCounts>> {
      await ready('counts');
      const out = {} as Record<QueueName, QueueCounts>;
      for (const name of Object.values(QUEUES)) {
        const c = await withTimeout('counts', queue(name).getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'failed', 'completed'));
        out[name] = { waiting: c.waiting ?? 0, active: c.active ?? 0, delayed: c.delayed ?? 0, prioritized: c.prioritized ?? 0, failed: c.failed ?? 0, completed: c.completed ?? 0 };
      }
      return out;
    },
    /** The BullMQ Queue of a name (tests, metrics). */
    queue,
    async close(): Promise<void> {
      await Promise.all([...queues.values()].map((q) => q.close().catch(() => undefined)));
      queues.clear();
    },
  };
}

export type QueueProducer = ReturnType<typeof createQueueProducer>;
