/**
 * One API under test per file: its own migrated database (from the backend's template helper),
 * its own queue prefix and data directory, the real core, and `app.inject()`.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { createCore, loadServiceConfig, type Core } from '../../../core/index.js';
import { createServer } from '../../../api/app.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { cleanupPrefix, TEST_REDIS_URL, uniquePrefix } from '../helpers/redis.js';

export const BOOTSTRAP_KEY = 'test-bootstrap-key-0123456789abcdef';

export interface ApiHarness {
  app: FastifyInstance;
  core: Core;
  db: TestDatabase;
  dataDir: string;
  prefix: string;
  /** Every file under the data directory (to prove that a rejected upload stored nothing). */
  storedFiles(): Promise<string[]>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  redisUrl?: string;
  maxUploadMb?: number;
  db?: TestDatabase;
  dataDir?: string;
  env?: Record<string, string>;
}

export async function startApi(opts: HarnessOptions = {}): Promise<ApiHarness> {
  const db = opts.db ?? (await createTestDatabase('callqa_api'));
  const prefix = uniquePrefix();
  const dataDir = opts.dataDir ?? (await mkdtemp(join(tmpdir(), 'callqa-api-data-')));
  const config = loadServiceConfig({
    DATABASE_URL: db.url,
    REDIS_URL: opts.redisUrl ?? TEST_REDIS_URL,
    CALLQA_QUEUE_PREFIX: prefix,
    CALLQA_DATA_DIR: dataDir,
    CALLQA_MAX_UPLOAD_MB: String(opts.maxUploadMb ?? 1),
    CALLQA_BOOTSTRAP_KEY: BOOTSTRAP_KEY,
    CALLQA_MODEL: 'tiny',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    ...opts.env,
  });
  const core = await createCore(config);
  const app = await createServer({
    core,
    version: 'test',
    sseHeartbeatMs: 250,
  });
  await app.ready();
  return {
    app,
    core,
    db,
    dataDir,
    prefix,
    async storedFiles() {
      const entries = await readdir(dataDir, { recursive: true, withFileTypes: true });
      return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
    },
    async close() {
      await app.close();
      if (!opts.db) await db.drop();
      if (!opts.redisUrl) await cleanupPrefix(prefix);
      if (!opts.dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export const bootstrap = { authorization: `Bearer ${BOOTSTRAP_KEY}` };

/** Creates a key through the API (as the bootstrap admin) and returns its auth header. */
export async function createKey(app: FastifyInstance, role: string, agencyId?: string): Promise<{ id: string; headers: Record<string, string> }> {
  const res = await app.inject({ method: 'POST', url: '/v1/keys', headers: bootstrap, payload: { name: `${role}-${agencyId ?? 'all'}`, role, ...(agencyId ? { agencyId } : {}) } });
  if (res.statusCode !== 201) throw new Error(`key creation failed: ${res.statusCode} ${res.body}`);
  const body = res.json<{ id: string; key: string }>();
  return { id: body.id, headers: { authorization: `Bearer ${body.key}` } };
}
