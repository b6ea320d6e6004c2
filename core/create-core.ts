import { mkdir } from 'node:fs/promises';
import { join, normalize, sep } from 'node:path';
import type { ServiceConfig } from './config/env.js';
import { CallqaError, ErrorCodes } from './domain/errors.js';
import { createPool, pingDatabase, type Pool } from './db/pool.js';
import { createRepositories, type Repositories } from './db/repositories/index.js';
import { createAlertHub, createAlertPublisher, type AlertSubscription } from './events/alerts.js';
import type { Alert } from './db/repositories/alerts.repository.js';
import { createLogger, type Logger } from './logger.js';
import { createRedis, type RedisRole } from './queue/connection.js';
import type { StageJob } from './queue/jobs.js';
import { createQueueProducer } from './queue/producer.js';
import { deliverWebhook } from './services/alerts.js';
import { runAnalyzeStage, type AnalyzeStageOptions } from './services/analyze-stage.js';
import { authenticateApiKey, createApiKey } from './services/api-keys.js';
import { batchSummary, batchSummaryCsv } from './services/batch-summary.js';
import { createCallAnalyzer, createCallTranscriber } from './services/engines.js';
import { ingestRecording, type IngestInput } from './services/ingest.js';
import type { CallAnalyzer, CallTranscriber } from './services/ports.js';
import { reanalyzeRecordings, type ReanalyzeSelection } from './services/reanalyze.js';
import { runStage, type StageAttempt } from './services/stage-runner.js';
import { runTranscribeStage } from './services/transcribe-stage.js';

export interface CoreOptions {
  /** The process's logger (default: a pino logger at `config.logLevel`). */
  logger?: Logger;
  /**
   * `producer` (API, CLI: enqueue fails fast with UNAVAILABLE when Redis is down) or `worker`
   * (commands wait for Redis to come back). @defaultValue 'producer'
   */
  redisRole?: RedisRole;
  /** Replaces the Whisper pipeline (tests, other engines). */
  transcriber?: CallTranscriber;
  /** Replaces the rules engine. */
  analyzer?: CallAnalyzer;
  /** @defaultValue 10 */
  poolMax?: number;
}

/**
 * The composition root: builds the pg pool, the Redis connection, repositories, queue producer,
 * alert publisher/hub and services once per process. api/, workers/ and the CLI call it exactly
 * once and use nothing else of core's internals. Connections are opened lazily; the Whisper model
 * is loaded only on the first `getTranscriber()` (never in the API).
 *
 * @example
 * const core = await createCore(loadServiceConfig(process.env));
 * const { recording } = await core.services.ingestRecording({ source: { path }, originalName: 'a.wav', meta: {} });
 * await core.close();
 */
export async function createCore(config: Readonly<ServiceConfig>, opts: CoreOptions = {}) {
  const logger = opts.logger ?? createLogger({ level: config.logLevel });
  // Fail at start, not at the first upload, when the data directory cannot be created.
  await mkdir(join(config.dataDir, 'tmp'), { recursive: true }).catch((cause: unknown) => {
    throw new CallqaError(ErrorCodes.CONFIG_INVALID, `CALLQA_DATA_DIR ${config.dataDir}: cannot create (${(cause as Error).message})`, { cause });
  });
  const pool: Pool = createPool(config.databaseUrl, { max: opts.poolMax ?? 10 });
  const repos: Repositories = createRepositories(pool);
  const redis = createRedis(config.redisUrl, opts.redisRole ?? 'producer');
  const queues = createQueueProducer({ connection: redis, prefix: config.queuePrefix });
  const publisher = createAlertPublisher({ connection: redis, prefix: config.queuePrefix });
  const hub = createAlertHub({ connection: redis, prefix: config.queuePrefix, alerts: repos.alerts, onError: (err) => logger.warn({ err }, 'alert stream error') });

  let transcriber: Promise<CallTranscriber> | undefined = opts.transcriber ? Promise.resolve(opts.transcriber) : undefined;
  let analyzer: Promise<CallAnalyzer> | undefined = opts.analyzer ? Promise.resolve(opts.analyzer) : undefined;
  const getTranscriber = (): Promise<CallTranscriber> => (transcriber ??= createCallTranscriber(config.runtime, config.engineModule));
  const getAnalyzer = (): Promise<CallAnalyzer> => (analyzer ??= createCallAnalyzer());

  const dataRoot = normalize(config.dataDir);
  const analyzeDeps = { config, pool, repos, getAnalyzer, publisher, queue: queues, logger };

  const services = {
    /** Stores a recording (deduplicated by content) and queues it. See {@link ingestRecording}. */
    ingestRecording: (input: IngestInput) => ingestRecording({ config, recordings: repos.recordings, queue: queues, logger }, input),
    /** One attempt of the transcribe stage with its stage_runs bookkeeping. */
    runTranscribeStage: (job: StageJob, attempt: StageAttempt, o: { signal?: AbortSignal; onProgress?: (f: number) => void } = {}) =>
      runStage({ repos, logger }, 'transcribe', job, attempt, () => runTranscribeStage({ config, pool, repos, queue: queues, getTranscriber, logger }, job, o)),
    /** One attempt of the analyze stage with its stage_runs bookkeeping. */
    runAnalyzeStage: (job: StageJob, attempt: StageAttempt, o: AnalyzeStageOptions = {}) =>
      runStage({ repos, logger }, 'analyze', job, attempt, () => runAnalyzeStage(analyzeDeps, job, o)),
    /** One webhook delivery attempt for an alert (recorded in webhook_deliveries). */
    deliverWebhook: (alertId: number, attempt: number) => deliverWebhook({ config, alerts: repos.alerts, logger }, alertId, attempt),
    /** Re-runs analyze over stored transcripts and diffs old vs new findings. */
    reanalyze: (selection: ReanalyzeSelection, o: { onProgress?: (done: number, total: number) => void } = {}) => reanalyzeRecordings(analyzeDeps, selection, o),
    /** Batch summary by batch id or name. */
    batchSummary: (batch: string) => batchSummary(pool, batch),
    batchSummaryCsv,
    createApiKey: (input: { role: string; agencyId?: string; name?: string }) => createApiKey(repos.apiKeys, input),
    /** Resolves a presented API key (or the bootstrap key) to a principal. */
    authenticate: (key: string) => authenticateApiKey(repos.apiKeys, key, config.bootstrapKey),
    /**
     * Re-enqueues recordings left `queued` without a transcribe attempt for longer than
     * `olderThanMs` (a crash between insert and enqueue); job ids dedupe. Returns how many.
     */
    requeueOrphans: async (olderThanMs = 60_000): Promise<number> => {
      const { rows } = await pool.query<{ id: string; priority: 'realtime' | 'batch' }>(
        `SELECT r.id, r.priority FROM recordings r WHERE r.status = 'queued' AND r.created_at < now() - ($1 || ' milliseconds')::interval
           AND NOT EXISTS (SELECT 1 FROM stage_runs s WHERE s.recording_id = r.id)`,
        [String(olderThanMs)],
      );
      for (const r of rows) await queues.enqueueTranscribe({ recordingId: r.id, pipelineVersion: config.pipelineVersion }, r.priority);
      return rows.length;
    },
  };

  return {
    config,
    logger,
    pool,
    repos,
    /** Producer side of the transcribe / analyze / webhook queues. */
    queues,
    events: {
      publisher,
      /** See {@link createAlertHub} `subscribe`: catch-up from PostgreSQL after `afterId`, then live. */
      subscribeAlerts: (sub: AlertSubscription, listener: (alert: Alert) => void) => hub.subscribe(sub, listener),
    },
    artifacts: {
      root: dataRoot,
      /** Absolute path of a stored file; refuses paths escaping the data directory. */
      resolve(storagePath: string): string {
        const abs = normalize(join(dataRoot, storagePath));
        if (!abs.startsWith(dataRoot + sep)) throw new CallqaError(ErrorCodes.NOT_FOUND, `bad storage path ${storagePath}`);
        return abs;
      },
    },
    health: {
      pingDatabase: () => pingDatabase(pool),
      pingRedis: async (): Promise<void> => {
        await queues.assertAvailable();
        await redis.ping();
      },
    },
    services,
    getTranscriber,
    getAnalyzer,
    /** Closes everything this core opened (idempotent). */
    async close(): Promise<void> {
      await hub.close();
      await publisher.close();
      await queues.close();
      redis.disconnect();
      await pool.end().catch(() => undefined);
      if (transcriber) await (await transcriber.catch(() => undefined))?.dispose().catch(() => undefined);
      transcriber = undefined;
    },
  };
}

export type Core = Awaited<ReturnType<typeof createCore>>;
