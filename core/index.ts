/**
 * core's public surface for api/, workers/ and the CLI: the composition root, configuration,
 * migrations, the queue contracts and the types they exchange.
 */
export { createCore, type Core, type CoreOptions } from './create-core.js';
export { loadServiceConfig, configToEnv, WORKER_QUEUE_NAMES, type ServiceConfig, type WorkerQueueName, type LogLevel } from './config/env.js';
export { createLogger, REDACT_PATHS, type Logger } from './logger.js';
export { runMigrations, migrationsDir, type MigrationResult } from './db/migrate.js';
export * from './db/repositories/index.js';
export {
  QUEUES, ALERTS_CHANNEL, PRIORITY, StageJobSchema, WebhookJobSchema, parseStageJob, parseWebhookJob, stageJobId, webhookJobId, jobOptions,
  type QueueName, type StageJob, type WebhookJob,
} from './queue/jobs.js';
export { createRedis, type RedisRole } from './queue/connection.js';
export type { QueueCounts, QueueProducer } from './queue/producer.js';
export type { AlertSubscription } from './events/alerts.js';
export type { IngestInput, IngestResult, IngestSource } from './services/ingest.js';
export type { StageAttempt, StageFailure } from './services/stage-runner.js';
export type { AnalyzeStageResult, AnalyzeStageOptions } from './services/analyze-stage.js';
export type { TranscribeStageResult } from './services/transcribe-stage.js';
export type { ReanalyzeSelection, ReanalyzeResult, FindingsDiff } from './services/reanalyze.js';
export type { BatchSummary, GroupSummary } from './services/batch-summary.js';
export { hashApiKey, generateApiKey, type Principal } from './services/api-keys.js';
export { SIGNATURE_HEADER, signWebhookBody, isAlertFinding } from './services/alerts.js';
export type { CallTranscriber, CallAnalyzer, EngineModule } from './services/ports.js';
export { CallqaError, ErrorCodes, isCallqaError, type ErrorCode } from './domain/errors.js';
export { packageRoot, packageVersion } from './config/package-info.js';
