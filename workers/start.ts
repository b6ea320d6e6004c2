import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker, type WorkerOptions } from 'bullmq';
import { configToEnv, createRedis, QUEUES, type Core, type WorkerQueueName } from '../core/index.js';
import { createAnalyzeProcessor } from './analyze.processor.js';
import { createWebhookProcessor } from './webhook.processor.js';

export interface RunningWorkers {
  workers: Worker[];
  /** Stops taking jobs, lets active ones finish (`worker.close()`), closes the worker connection. */
  close(): Promise<void>;
}

/**
 * The sandboxed processor file next to this one, with this file's extension: `.js` from `dist/`,
 * `.ts` from the sources (then the child registers tsx through `--import`).
 */
export function transcribeProcessorFile(): { path: string; execArgv: string[] } {
  const ext = extname(fileURLToPath(import.meta.url));
  const path = fileURLToPath(new URL(`./transcribe.processor${ext}`, import.meta.url));
  return { path, execArgv: ext === '.ts' ? ['--import', import.meta.resolve('tsx')] : [] };
}

/**
 * Starts BullMQ workers for the given queues (default: `config.workerQueues`) on a core built
 * with `redisRole: 'worker'`. `transcribe` runs sandboxed with `transcribeConcurrency` children;
 * `analyze` and `webhook` run in-process. The webhook queue is consumed only when a webhook is
 * configured.
 */
export async function startWorkers(core: Core, opts: { queues?: readonly WorkerQueueName[] } = {}): Promise<RunningWorkers> {
  const { config, logger } = core;
  const queues = opts.queues ?? config.workerQueues;
  const connection = createRedis(config.redisUrl, 'worker', 'callqa-worker');
  const common: Omit<WorkerOptions, 'concurrency'> = {
    connection,
    prefix: config.queuePrefix,
    lockDuration: config.jobLockMs,
    stalledInterval: config.jobLockMs,
    maxStalledCount: 1,
    autorun: true,
  };
  // Compile lexicons before taking jobs: a first job must not block the event loop past its lock.
  if (queues.includes('analyze')) await core.getAnalyzer();
  const workers: Worker[] = [];
  if (queues.includes('transcribe')) {
    const { path, execArgv } = transcribeProcessorFile();
    workers.push(
      new Worker(QUEUES.transcribe, path, {
        ...common,
        concurrency: config.transcribeConcurrency,
        useWorkerThreads: false,
        workerForkOptions: { env: { ...process.env, ...configToEnv(config) }, execArgv },
      }),
    );
  }
  if (queues.includes('analyze')) workers.push(new Worker(QUEUES.analyze, createAnalyzeProcessor(core), { ...common, concurrency: config.analyzeConcurrency }));
  if (queues.includes('webhook') && config.webhook) workers.push(new Worker(QUEUES.webhook, createWebhookProcessor(core), { ...common, concurrency: 4 }));

  for (const w of workers) {
    w.on('error', (err) => logger.error({ err, queue: w.name }, 'worker error'));
    w.on('failed', (job, err) => logger.warn({ queue: w.name, jobId: job?.id, attemptsMade: job?.attemptsMade, err: { message: err.message } }, 'job failed'));
  }
  await Promise.all(workers.map((w) => w.waitUntilReady()));
  logger.info({ queues: workers.map((w) => w.name), transcribeConcurrency: config.transcribeConcurrency }, 'workers started');
  return {
    workers,
    async close() {
      await Promise.all(workers.map((w) => w.close()));
      connection.disconnect();
    },
  };
}
