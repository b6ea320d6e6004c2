import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { Type, type Static } from 'typebox';
import { Value } from 'typebox/value';
import { CATEGORIES, type Category } from '../domain/report.js';
import { CallqaError, ErrorCodes } from '../domain/errors.js';
import { loadRuntimeConfig, type RuntimeConfig, type WhisperModelName } from './runtime.js';

export const WORKER_QUEUE_NAMES = ['transcribe', 'analyze', 'webhook'] as const;
export type WorkerQueueName = (typeof WORKER_QUEUE_NAMES)[number];
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const Bool = Type.Union([Type.Boolean(), Type.Literal('true'), Type.Literal('false'), Type.Literal('1'), Type.Literal('0')]);

/** The service's environment (documented in `.env.example`). */
export const EnvSchema = Type.Object({
  DATABASE_URL: Type.String({ pattern: '^postgres(ql)?://', description: 'PostgreSQL URL' }),
  REDIS_URL: Type.String({ pattern: '^rediss?://', description: 'Redis URL' }),
  HOST: Type.String({ default: '0.0.0.0' }),
  PORT: Type.Integer({ minimum: 1, maximum: 65535, default: 3000 }),
  CALLQA_DATA_DIR: Type.String({ minLength: 1, default: './.data' }),
  CALLQA_MODEL: Type.Union([Type.Literal('tiny'), Type.Literal('base'), Type.Literal('small')], { default: 'base' }),
  CALLQA_TRANSCRIBE_CONCURRENCY: Type.Integer({ minimum: 1, maximum: 64, default: 1 }),
  CALLQA_ANALYZE_CONCURRENCY: Type.Integer({ minimum: 1, maximum: 256, default: 4 }),
  CALLQA_WORKER_QUEUES: Type.String({ default: 'transcribe,analyze,webhook' }),
  CALLQA_QUEUE_PREFIX: Type.String({ pattern: '^[A-Za-z0-9_.-]+$', default: 'callqa' }),
  CALLQA_MAX_UPLOAD_MB: Type.Number({ exclusiveMinimum: 0, maximum: 10_240, default: 200 }),
  CALLQA_BOOTSTRAP_KEY: Type.Optional(Type.String({ minLength: 24 })),
  CALLQA_WEBHOOK_URL: Type.Optional(Type.String({ pattern: '^https?://' })),
  CALLQA_WEBHOOK_SECRET: Type.Optional(Type.String({ minLength: 16 })),
  CALLQA_ALERT_MAJOR_CATEGORIES: Type.String({ default: 'contact_list_threat,impersonation,student_pressure,threat_abuse' }),
  CALLQA_MIGRATE_ON_START: Type.Optional(Bool),
  CALLQA_JOB_LOCK_MS: Type.Integer({ minimum: 1000, maximum: 600_000, default: 30_000 }),
  CALLQA_ENGINE_MODULE: Type.Optional(Type.String({ minLength: 1 })),
  LOG_LEVEL: Type.Union(LOG_LEVELS.map((l) => Type.Literal(l)), { default: 'info' }),
});
export type Env = Static<typeof EnvSchema>;

/** Validated, frozen service configuration. Built once per process by {@link loadServiceConfig}. */
export interface ServiceConfig {
  databaseUrl: string;
  redisUrl: string;
  host: string;
  port: number;
  /** Absolute path; recordings live under `<dataDir>/recordings`, temp uploads under `<dataDir>/tmp`. */
  dataDir: string;
  model: WhisperModelName;
  /** Jobs of the transcribe queue a worker process runs at once (one sandboxed child each). */
  transcribeConcurrency: number;
  analyzeConcurrency: number;
  /** Queues a `callqa worker` process consumes. */
  workerQueues: WorkerQueueName[];
  /** BullMQ key prefix (one per deployment, or per test file). */
  queuePrefix: string;
  maxUploadBytes: number;
  /** Accepted as an admin API key while set. */
  bootstrapKey: string | undefined;
  webhook: { url: string; secret: string } | undefined;
  /** `major` findings of these categories raise alerts (every `critical` and `escalation_signal` does). */
  alertMajorCategories: Category[];
  migrateOnStart: boolean;
  /** BullMQ lock duration; a killed worker's job is retried after about this long. */
  jobLockMs: number;
  /** Optional module exporting `createCallTranscriber(runtime)`: replaces the Whisper pipeline (other engines, tests). */
  engineModule: string | undefined;
  logLevel: LogLevel;
  /** Identifies what produced stored results: bumps when the transcribe pipeline or model changes. */
  pipelineVersion: string;
  runtime: RuntimeConfig;
}

/** Version of the processing pipeline's output shape; part of job ids and stage_runs keys. */
export const PIPELINE_SCHEMA_VERSION = 1;

/**
 * What stored transcripts were made with: the output shape, the model and, when Whisper is given
 * a prompt, a short hash of it (a changed prompt transcribes again; `1-base-p3f2a9c1d`).
 */
export function pipelineVersionOf(model: WhisperModelName, asrPrompt: string): string {
  const base = `${PIPELINE_SCHEMA_VERSION}-${model}`;
  return asrPrompt === '' ? base : `${base}-p${createHash('sha256').update(asrPrompt).digest('hex').slice(0, 8)}`;
}

function fail(message: string): never {
  throw new CallqaError(ErrorCodes.CONFIG_INVALID, `invalid configuration: ${message}`);
}

function parseList<T extends string>(name: string, raw: string, allowed: readonly T[]): T[] {
  const items = raw.split(',').map((s) => s.trim()).filter(Boolean);
  for (const item of items) {
    if (!(allowed as readonly string[]).includes(item)) fail(`${name}: unknown value "${item}" (expected ${allowed.join(', ')})`);
  }
  return [...new Set(items)] as T[];
}

/**
 * Validates an environment object (pass `process.env`; nothing below core/config reads it) and
 * returns the frozen service configuration. Throws `CALLQA_CONFIG_INVALID` naming every bad
 * variable at once.
 *
 * @example
 * const config = loadServiceConfig(process.env);
 */
export function loadServiceConfig(source: Record<string, string | undefined>, overrides: Partial<ServiceConfig> = {}): Readonly<ServiceConfig> {
  const raw: Record<string, string> = {};
  for (const key of Object.keys(EnvSchema.properties)) {
    const value = source[key];
    if (value !== undefined && value !== '') raw[key] = value;
  }
  let env: unknown = Value.Default(EnvSchema, raw);
  env = Value.Convert(EnvSchema, env);
  if (!Value.Check(EnvSchema, env)) {
    const problems = new Map<string, string>();
    for (const e of Value.Errors(EnvSchema, env)) {
      const missing = (e.params as { requiredProperties?: string[] }).requiredProperties;
      if (missing) for (const k of missing) problems.set(k, `${k} is required`);
      const key = e.instancePath.replace(/^\//, '');
      if (key && !problems.has(key)) problems.set(key, `${key}="${redactValue(key, raw[key])}" ${allowedValues(key) ?? e.message}`);
    }
    fail([...problems.values()].join('; '));
  }
  const e = env as Env;
  if (e.CALLQA_WEBHOOK_URL && !e.CALLQA_WEBHOOK_SECRET) fail('CALLQA_WEBHOOK_SECRET is required when CALLQA_WEBHOOK_URL is set');
  const runtime = loadRuntimeConfig(source, { whisperModel: e.CALLQA_MODEL });
  const migrate = e.CALLQA_MIGRATE_ON_START;
  const config: ServiceConfig = {
    databaseUrl: e.DATABASE_URL,
    redisUrl: e.REDIS_URL,
    host: e.HOST,
    port: e.PORT,
    dataDir: resolve(e.CALLQA_DATA_DIR),
    model: e.CALLQA_MODEL,
    transcribeConcurrency: e.CALLQA_TRANSCRIBE_CONCURRENCY,
    analyzeConcurrency: e.CALLQA_ANALYZE_CONCURRENCY,
    workerQueues: parseList('CALLQA_WORKER_QUEUES', e.CALLQA_WORKER_QUEUES, WORKER_QUEUE_NAMES),
    queuePrefix: e.CALLQA_QUEUE_PREFIX,
    maxUploadBytes: Math.round(e.CALLQA_MAX_UPLOAD_MB * 1024 * 1024),
    bootstrapKey: e.CALLQA_BOOTSTRAP_KEY,
    webhook: e.CALLQA_WEBHOOK_URL && e.CALLQA_WEBHOOK_SECRET ? { url: e.CALLQA_WEBHOOK_URL, secret: e.CALLQA_WEBHOOK_SECRET } : undefined,
    alertMajorCategories: parseList('CALLQA_ALERT_MAJOR_CATEGORIES', e.CALLQA_ALERT_MAJOR_CATEGORIES, CATEGORIES),
    migrateOnStart: migrate === true || migrate === 'true' || migrate === '1',
    jobLockMs: e.CALLQA_JOB_LOCK_MS,
    engineModule: e.CALLQA_ENGINE_MODULE,
    logLevel: e.LOG_LEVEL,
    pipelineVersion: pipelineVersionOf(e.CALLQA_MODEL, runtime.asrPrompt),
    runtime,
    ...overrides,
  };
  return Object.freeze(config);
}

/** "must be one of …" for variables whose schema is a union of literals. */
function allowedValues(key: string): string | undefined {
  const schema = (EnvSchema.properties as Record<string, { anyOf?: { const?: unknown }[] }>)[key];
  const values = schema?.anyOf?.map((s) => s.const).filter((v) => typeof v === 'string');
  return values?.length ? `must be one of ${values.join(', ')}` : undefined;
}

function redactValue(key: string, value: string | undefined): string {
  if (value === undefined) return '';
  if (/SECRET|KEY/.test(key)) return '***';
  if (/_URL$/.test(key)) return value.replace(/\/\/([^@/]*)@/, '//***@');
  return value;
}

/**
 * The environment that reproduces `config` (used to start sandboxed child processes with exactly
 * the parent's configuration, including overrides made in code).
 */
export function configToEnv(config: ServiceConfig): Record<string, string> {
  const env: Record<string, string> = {
    DATABASE_URL: config.databaseUrl,
    REDIS_URL: config.redisUrl,
    HOST: config.host,
    PORT: String(config.port),
    CALLQA_DATA_DIR: config.dataDir,
    CALLQA_MODEL: config.model,
    CALLQA_TRANSCRIBE_CONCURRENCY: String(config.transcribeConcurrency),
    CALLQA_ANALYZE_CONCURRENCY: String(config.analyzeConcurrency),
    CALLQA_WORKER_QUEUES: config.workerQueues.join(','),
    CALLQA_QUEUE_PREFIX: config.queuePrefix,
    CALLQA_MAX_UPLOAD_MB: String(config.maxUploadBytes / (1024 * 1024)),
    CALLQA_ALERT_MAJOR_CATEGORIES: config.alertMajorCategories.join(','),
    CALLQA_MIGRATE_ON_START: String(config.migrateOnStart),
    CALLQA_JOB_LOCK_MS: String(config.jobLockMs),
    LOG_LEVEL: config.logLevel,
    FFMPEG_PATH: config.runtime.ffmpegPath,
    FFPROBE_PATH: config.runtime.ffprobePath,
    CALLQA_MAX_AUDIO_MINUTES: String(config.runtime.maxAudioMs / 60_000),
    // Always passed, empty included, so a child transcribes with exactly the parent's prompt.
    CALLQA_ASR_PROMPT: config.runtime.asrPrompt,
  };
  if (config.runtime.asrThreads !== undefined) env.CALLQA_ASR_THREADS = String(config.runtime.asrThreads);
  if (config.bootstrapKey) env.CALLQA_BOOTSTRAP_KEY = config.bootstrapKey;
  if (config.webhook) {
    env.CALLQA_WEBHOOK_URL = config.webhook.url;
    env.CALLQA_WEBHOOK_SECRET = config.webhook.secret;
  }
  if (config.engineModule) env.CALLQA_ENGINE_MODULE = config.engineModule;
  return env;
}
