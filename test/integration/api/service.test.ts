/** Health, readiness (and a Redis outage), OpenAPI document, metrics. */
import { createServer as createNetServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootstrap, startApi, type ApiHarness } from './harness.js';
import { multipartBody, toneWav } from './fixtures.js';

let h: ApiHarness;
let down: ApiHarness;

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const srv = createNetServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  return port;
}

beforeAll(async () => {
  h = await startApi();
  // Same database, Redis unreachable.
  down = await startApi({ db: h.db, redisUrl: `redis://127.0.0.1:${await closedPort()}` });
});
afterAll(async () => {
  await down?.close();
  await h?.close();
});

describe('health and readiness', () => {
  it('is ready when PostgreSQL and Redis answer', async () => {
    expect((await h.app.inject('/healthz')).json()).toEqual({ status: 'ok' });
    const res = await h.app.inject('/readyz');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ready', checks: { postgres: 'up', redis: 'up' } });
  });

  it('answers 503 naming Redis when Redis is unreachable, while /healthz stays up', async () => {
    const res = await down.app.inject('/readyz');
    expect(res.statusCode).toBe(503);
    expect(res.json()).toEqual({ status: 'unavailable', checks: { postgres: 'up', redis: 'down' } });
    expect((await down.app.inject('/healthz')).statusCode).toBe(200);
  });

  it('fails uploads fast with 503 and writes nothing when Redis is down', async () => {
    const form = multipartBody([
      { name: 'meta', value: '{"callId":"while-down"}' },
      { name: 'priority', value: 'realtime' },
      { name: 'file', filename: 'd.wav', content: toneWav({ seed: 99 }) },
    ]);
    const started = performance.now();
    const res = await down.app.inject({ method: 'POST', url: '/v1/recordings', headers: { ...bootstrap, ...form.headers }, payload: form.payload });
    const elapsedMs = performance.now() - started;
    expect(res.statusCode, res.body).toBe(503);
    expect(res.json().error.code).toBe('CALLQA_UNAVAILABLE');
    expect(res.headers['retry-after']).toBeDefined();
    expect(res.body).not.toMatch(/ECONNREFUSED|127\.0\.0\.1/);
    expect(elapsedMs).toBeLessThan(6000);
    const { rows } = await h.db.pool.query('SELECT 1 FROM recordings');
    expect(rows).toHaveLength(0);
    expect((await down.storedFiles())).toHaveLength(0);
  });
});

describe('batch summary', () => {
  it('answers JSON, CSV by ?format=csv or Accept, and 404 for an unknown batch', async () => {
    const batch = await h.core.repos.batches.ensure('night-1');
    await h.core.services.ingestRecording({ source: { buffer: toneWav({ seed: 555 }) }, originalName: 'b.wav', meta: { agentId: 'B9', agencyId: 'agency-9' }, priority: 'batch', batchId: batch.id });
    const json = await h.app.inject({ url: '/v1/batches/night-1/summary', headers: bootstrap });
    expect(json.statusCode).toBe(200);
    expect(json.json()).toMatchObject({ batch: { id: batch.id, name: 'night-1' }, calls: 1, pending: 1, finished: false, byAgent: [{ key: 'B9', calls: 1 }] });
    const byId = await h.app.inject({ url: `/v1/batches/${batch.id}/summary?format=csv`, headers: bootstrap });
    expect(byId.statusCode).toBe(200);
    expect(byId.headers['content-type']).toContain('text/csv');
    expect(byId.body.split('\n')[0]).toBe('section,key,metric,value');
    expect(byId.body).toContain('agent,B9,calls,1');
    const byAccept = await h.app.inject({ url: '/v1/batches/night-1/summary', headers: { ...bootstrap, accept: 'text/csv' } });
    expect(byAccept.body).toBe(byId.body);
    const missing = await h.app.inject({ url: '/v1/batches/nope/summary', headers: bootstrap });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('CALLQA_NOT_FOUND');
  });
});

describe('OpenAPI document', () => {
  it('is served with a path for every route, with response schemas', async () => {
    const res = await h.app.inject('/openapi.json');
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\./);
    const paths = Object.keys(doc.paths as object);
    for (const p of [
      '/healthz', '/readyz', '/v1/recordings', '/v1/recordings/{id}', '/v1/recordings/{id}/transcript', '/v1/recordings/{id}/report',
      '/v1/recordings/{id}/findings', '/v1/recordings/{id}/audio', '/v1/findings', '/v1/batches/{id}/summary', '/v1/alerts/stream',
      '/v1/keys', '/v1/keys/{id}',
    ]) {
      expect(paths, p).toContain(p);
    }
    expect(doc.paths['/v1/recordings'].post.responses['202']).toBeDefined();
    expect(doc.paths['/v1/recordings'].get.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['agentId', 'agencyId', 'status', 'from', 'to', 'minScore', 'maxScore', 'limit', 'offset']),
    );
    expect((await h.app.inject('/docs/')).statusCode).toBe(200);
  });
});

describe('metrics', () => {
  it('exposes queue depths, job figures and HTTP durations in Prometheus format', async () => {
    const form = multipartBody([{ name: 'meta', value: '{}' }, { name: 'priority', value: 'batch' }, { name: 'file', filename: 'm.wav', content: toneWav({ seed: 321 }) }]);
    const up = await h.app.inject({ method: 'POST', url: '/v1/recordings', headers: { ...bootstrap, ...form.headers }, payload: form.payload });
    expect(up.statusCode).toBe(202);
    const id = up.json<{ id: string }>().id;
    // Stage bookkeeping as a worker writes it: one transcribe run of 2 s, one failed analyze.
    await h.core.repos.stageRuns.start(id, 'transcribe', 'v-test', 'job-1');
    await h.core.repos.stageRuns.complete(id, 'transcribe', 'v-test', 2000);
    await h.core.repos.stageRuns.start(id, 'analyze', 'v-test', 'job-2');
    await h.core.repos.stageRuns.fail(id, 'analyze', 'v-test', { code: 'CALLQA_TRANSCRIPT_INVALID', message: 'x', final: true });
    await h.app.inject('/healthz');
    const res = await h.app.inject('/metrics');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/plain');
    for (const name of ['callqa_queue_jobs{queue="transcribe",state="waiting"}', 'callqa_audio_processed_seconds', 'callqa_http_request_duration_seconds_bucket', 'callqa_stats_up 1']) {
      expect(res.body).toContain(name);
    }
    expect(res.body).toMatch(/# TYPE callqa_job_duration_seconds histogram/);
    expect(res.body).toContain('callqa_job_duration_seconds_bucket{stage="transcribe",le="1"} 0');
    expect(res.body).toContain('callqa_job_duration_seconds_bucket{stage="transcribe",le="5"} 1');
    expect(res.body).toContain('callqa_job_duration_seconds_sum{stage="transcribe"} 2');
    expect(res.body).toContain('callqa_job_failures{stage="analyze",code="CALLQA_TRANSCRIPT_INVALID"} 1');
    expect(res.body).toMatch(/callqa_queue_jobs\{queue="transcribe",state="(waiting|prioritized)"\} [1-9]/);
  });

  it('still answers when Redis is down, with callqa_stats_up 0', async () => {
    const res = await down.app.inject('/metrics');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('callqa_stats_up 0');
  });
});
