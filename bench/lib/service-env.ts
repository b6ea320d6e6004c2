/**
 * The service benchmark's sandbox: its own PostgreSQL database (`callqa_bench_<random>`,
 * migrated), BullMQ prefix and data directory on the machine's local servers, a producer core for
 * the benchmark process, one spawned worker process per model, and a cleanup that drops it all.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { WhisperModelName } from '../../core/config/runtime.js';
import { cleanupPrefix } from '../../test/integration/helpers/redis.js';
import { configToEnv, createCore, createLogger, loadServiceConfig, runMigrations, type Core, type ServiceConfig } from '../../core/index.js';

/** Maintenance database URL (trust auth on loopback). */
const ADMIN_DB_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const REPO_ROOT = join(import.meta.dirname, '..', '..');

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: ADMIN_DB_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export interface ServiceBenchEnv {
  dbName: string;
  prefix: string;
  /** A producer core (the benchmark process: ingest, subscriptions, queries). */
  core: Core;
  /** Spawns one worker process (transcribe concurrency 1 + analyze) for `model`. */
  startWorker(model: WhisperModelName): WorkerProcess;
  /** Stops workers, closes the core, drops the database, deletes the queue keys and data (idempotent). */
  cleanup(): Promise<void>;
}

export interface WorkerProcess {
  model: WhisperModelName;
  /** Config the worker runs with (own pipeline version per model). */
  config: Readonly<ServiceConfig>;
  /** The worker's recent stderr (for error messages). */
  stderrTail(): string;
  /** True once the process has exited. */
  exited(): boolean;
  stop(): Promise<void>;
}

function configFor(base: { dbUrl: string; prefix: string; dataDir: string }, model: WhisperModelName): Readonly<ServiceConfig> {
  return loadServiceConfig({
    DATABASE_URL: base.dbUrl,
    REDIS_URL,
    CALLQA_QUEUE_PREFIX: base.prefix,
    CALLQA_DATA_DIR: base.dataDir,
    CALLQA_MODEL: model,
    CALLQA_TRANSCRIBE_CONCURRENCY: '1',
    CALLQA_WORKER_QUEUES: 'transcribe,analyze',
    LOG_LEVEL: 'warn',
  });
}

/** Creates the database (migrated), prefix and data directory. Call `cleanup()` in a `finally`. */
export async function createServiceBenchEnv(): Promise<ServiceBenchEnv> {
  const suffix = randomBytes(5).toString('hex');
  const dbName = `callqa_bench_${suffix}`;
  const prefix = `callqa-bench-${suffix}`;
  const dbUrlObj = new URL(ADMIN_DB_URL);
  dbUrlObj.pathname = `/${dbName}`;
  const dbUrl = dbUrlObj.toString();
  const workers = new Set<WorkerProcess>();
  let dataDir: string | undefined;
  let core: Core | undefined;
  let created = false;

  // Ctrl-C / kill during a run: drop everything before exiting.
  const onSignal = (signal: NodeJS.Signals): void => {
    process.stderr.write(`service bench: ${signal}, cleaning up ${dbName}\n`);
    void cleanup().finally(() => process.exit(130));
  };
  let cleaning: Promise<void> | undefined;
  // Idempotent: a second caller (the section's finally after a signal) waits for the same run.
  const cleanup = (): Promise<void> =>
    (cleaning ??= (async () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      for (const w of workers) await w.stop().catch(() => undefined);
      await core?.close().catch(() => undefined);
      await cleanupPrefix(prefix, REDIS_URL).catch(() => undefined);
      if (created) await admin((a) => a.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`)).catch(() => undefined);
      if (dataDir) await rm(dataDir, { recursive: true, force: true }).catch(() => undefined);
    })());

  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    await admin((a) => a.query(`CREATE DATABASE "${dbName}"`));
    created = true;
    await runMigrations(dbUrl);
    dataDir = await mkdtemp(join(tmpdir(), 'callqa-bench-data-'));
    const base = { dbUrl, prefix, dataDir };
    const producerConfig = configFor(base, 'tiny');
    core = await createCore(producerConfig, { logger: createLogger({ level: 'warn' }), poolMax: 4 });
    const c = core;
    return {
      dbName,
      prefix,
      core: c,
      startWorker: (model) => {
        const config = configFor(base, model);
        const w = spawnWorker(model, config);
        workers.add(w);
        return w;
      },
      cleanup,
    };
  } catch (err) {
    await cleanup();
    throw err;
  }
}

function spawnWorker(model: WhisperModelName, config: Readonly<ServiceConfig>): WorkerProcess {
  const child: ChildProcess = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), join(REPO_ROOT, 'workers', 'main.ts')], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...configToEnv(config) },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let tail = '';
  child.stderr?.on('data', (d: Buffer) => {
    tail = (tail + d.toString('utf8')).slice(-4000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    model,
    config,
    stderrTail: () => tail,
    exited: () => child.exitCode !== null || child.signalCode !== null,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
