import { readdir } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../core/index.js';
import { makeWav } from '../helpers/audio.js';
import { createTestEnv, type TestEnv } from '../helpers/core.js';

let t: TestEnv;
let core: Core;

beforeAll(async () => {
  // Nothing listens on this port: Redis is "down" for this core.
  t = await createTestEnv({ REDIS_URL: 'redis://127.0.0.1:6399' });
  core = await t.createTestCore();
});
afterAll(async () => {
  await t?.cleanup();
});

describe('Redis unavailable', () => {
  it('ingest fails fast with CALLQA_UNAVAILABLE and leaves no row and no file', async () => {
    const started = Date.now();
    await expect(core.services.ingestRecording({ source: { buffer: makeWav({ freqHz: 800 }) }, originalName: 'a.wav', meta: {} })).rejects.toMatchObject({
      code: 'CALLQA_UNAVAILABLE',
      retryable: true,
    });
    expect(Date.now() - started).toBeLessThan(2500);
    expect((await core.repos.recordings.list()).total).toBe(0);
    const files = (await readdir(t.dataDir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile());
    expect(files).toEqual([]);
  });

  it('readiness reports Redis down while PostgreSQL is up', async () => {
    await expect(core.health.pingDatabase()).resolves.toBeUndefined();
    await expect(core.health.pingRedis()).rejects.toMatchObject({ code: 'CALLQA_UNAVAILABLE' });
  });
});
