/**
 * Worker process entry point (`callqa worker`, `node dist/workers/main.js`): configuration from
 * the environment, optional migrations, the queues of CALLQA_WORKER_QUEUES (or `queues`),
 * orphan sweep, graceful shutdown on SIGTERM/SIGINT.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import closeWithGrace from 'close-with-grace';
import { createCore, createLogger, loadServiceConfig, runMigrations, type WorkerQueueName } from '../core/index.js';
import { startWorkers } from './start.js';

export async function runWorkerProcess(env: Record<string, string | undefined>, opts: { queues?: WorkerQueueName[]; graceMs?: number } = {}): Promise<void> {
  const config = loadServiceConfig(env);
  const logger = createLogger({ level: config.logLevel, base: { service: 'worker' } });
  if (config.migrateOnStart) logger.info(await runMigrations(config.databaseUrl), 'migrations applied');
  const core = await createCore(config, { redisRole: 'worker', logger });
  const running = await startWorkers(core, opts.queues ? { queues: opts.queues } : {});
  const requeued = await core.services.requeueOrphans().catch((err: unknown) => {
    logger.warn({ err }, 'orphan sweep failed');
    return 0;
  });
  if (requeued > 0) logger.warn({ requeued }, 're-enqueued recordings that had no job');

  closeWithGrace({ delay: opts.graceMs ?? 60_000 }, async ({ signal, err }) => {
    if (err) logger.error({ err }, 'shutting down after an error');
    else logger.info({ signal }, 'shutting down: finishing active jobs');
    await running.close();
    await core.close();
    logger.flush();
  });
}

const isEntry = process.argv[1] !== undefined && fileURLToPath(import.meta.url) === resolve(process.argv[1]);
if (isEntry) {
  runWorkerProcess(process.env).catch((err: unknown) => {
    process.stderr.write(`callqa worker: ${(err as Error).message}\n`);
    process.exit(err instanceof Error && 'code' in err && err.code === 'CALLQA_CONFIG_INVALID' ? 2 : 1);
  });
}
