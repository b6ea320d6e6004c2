/**
 * A complete test environment per test file: own database (from the migrated template), own
 * BullMQ prefix, own data directory; `createTestCore()` builds core on it, `env()` gives the
 * environment for a spawned `callqa` process, `cleanup()` drops everything.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCore, type CoreOptions } from '../../../core/create-core.js';
import { configToEnv, loadServiceConfig, type ServiceConfig } from '../../../core/config/env.js';
import { createLogger } from '../../../core/logger.js';
import { createTestDatabase, type TestDatabase } from './db.js';
import { cleanupPrefix, TEST_REDIS_URL, uniquePrefix } from './redis.js';

export interface TestEnv {
  db: TestDatabase;
  prefix: string;
  dataDir: string;
  config: Readonly<ServiceConfig>;
  /** Environment variables reproducing `config` (for child processes). */
  env(): Record<string, string>;
  createTestCore(opts?: CoreOptions): ReturnType<typeof createCore>;
  cleanup(): Promise<void>;
}

/** `env` overrides any service variable (e.g. `{ CALLQA_MODEL: 'tiny', CALLQA_WEBHOOK_URL: … }`). */
export async function createTestEnv(env: Record<string, string> = {}): Promise<TestEnv> {
  const db = await createTestDatabase();
  const prefix = uniquePrefix();
  const dataDir = await mkdtemp(join(tmpdir(), 'callqa-test-data-'));
  const config = loadServiceConfig({
    DATABASE_URL: db.url,
    REDIS_URL: TEST_REDIS_URL,
    CALLQA_QUEUE_PREFIX: prefix,
    CALLQA_DATA_DIR: dataDir,
    CALLQA_MODEL: 'tiny',
    CALLQA_JOB_LOCK_MS: '5000',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    ...env,
  });
  const cores: Awaited<ReturnType<typeof createCore>>[] = [];
  return {
    db,
    prefix,
    dataDir,
    config,
    env: () => configToEnv(config),
    async createTestCore(opts: CoreOptions = {}) {
      const core = await createCore(config, { logger: createLogger({ level: config.logLevel }), poolMax: 4, ...opts });
      cores.push(core);
      return core;
    },
    async cleanup() {
      for (const c of cores) await c.close().catch(() => undefined);
      await cleanupPrefix(prefix).catch(() => undefined);
      await db.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
