/**
 * The SSE alert stream on a real listening server (127.0.0.1, ephemeral port): scoping by agency,
 * resume with Last-Event-ID from the alerts table, heartbeats, cleanup on disconnect and on close.
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAlertPublisher } from '../../../core/events/alerts.js';
import { createKey, startApi, bootstrap, type ApiHarness } from './harness.js';
import { multipartBody, toneWav } from './fixtures.js';
import { seedFinding, seedScored } from './seed.js';
import { connectSse } from './sse-client.js';
import { TEST_REDIS_URL } from '../helpers/redis.js';

let h: ApiHarness;
let base: string;
let redis: Redis;
let publisher: ReturnType<typeof createAlertPublisher>;
let supervisor: Record<string, string>;
let agencyA: Record<string, string>;

async function uploadFor(agencyId: string, seed: number): Promise<string> {
  const form = multipartBody([
    { name: 'meta', value: JSON.stringify({ agencyId, agentId: `${agencyId}-agent` }) },
    { name: 'priority', value: 'batch' },
    { name: 'file', filename: 'a.wav', content: toneWav({ seed }) },
  ]);
  const res = await h.app.inject({ method: 'POST', url: '/v1/recordings', headers: { ...bootstrap, ...form.headers }, payload: form.payload });
  expect(res.statusCode, res.body).toBe(202);
  return res.json<{ id: string }>().id;
}

/** Stores a scored recording with one alert and publishes it as the analyze stage does. */
async function raiseAlert(agencyId: string, seed: number): Promise<number> {
  const id = await uploadFor(agencyId, seed);
  const { alertId } = await seedScored(h.core, h.db.pool, id);
  await publisher.publish([{ id: alertId }]);
  return alertId;
}

beforeAll(async () => {
  h = await startApi();
  base = await h.app.listen({ host: '127.0.0.1', port: 0 });
  redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
  publisher = createAlertPublisher({ connection: redis, prefix: h.prefix });
  supervisor = (await createKey(h.app, 'supervisor')).headers;
  agencyA = (await createKey(h.app, 'agency', 'agency-a')).headers;
});
afterAll(async () => {
  await publisher?.close();
  redis?.disconnect();
  await h?.close();
});

describe('GET /v1/alerts/stream', () => {
  let firstA = 0;

  it('requires a key', async () => {
    const res = await fetch(`${base}/v1/alerts/stream`);
    expect(res.status).toBe(401);
    await res.body?.cancel();
  });

  it('pushes live alerts, scoped to the agency of the key, with heartbeats', async () => {
    const all = await connectSse(`${base}/v1/alerts/stream`, supervisor);
    const onlyA = await connectSse(`${base}/v1/alerts/stream`, agencyA);
    expect([all.status, onlyA.status]).toEqual([200, 200]);
    try {
      const b = await raiseAlert('agency-b', 101);
      firstA = await raiseAlert('agency-a', 102);
      const got = await all.waitFor(2);
      expect(got.map((e) => Number(e.id))).toEqual([b, firstA]);
      expect(got[0]?.event).toBe('alert');
      expect(JSON.parse(got[1]?.data ?? '{}')).toMatchObject({ id: firstA, severity: 'critical', category: 'contact_list_threat', agencyId: 'agency-a' });
      const mine = await onlyA.waitFor(1);
      expect(Number(mine[0]?.id)).toBe(firstA);
      await new Promise((r) => setTimeout(r, 600));
      expect(onlyA.events).toHaveLength(1);
      expect(all.comments).toContain('ping');
    } finally {
      all.close();
      onlyA.close();
    }
  });

  it('resumes from Last-Event-ID with what was missed, then live, without repeats', async () => {
    const missed = await raiseAlert('agency-a', 103);
    const resumed = await connectSse(`${base}/v1/alerts/stream`, { ...agencyA, 'last-event-id': String(firstA - 1) });
    try {
      const backlog = await resumed.waitFor(2);
      expect(backlog.map((e) => Number(e.id))).toEqual([firstA, missed]);
      const live = await raiseAlert('agency-a', 104);
      const all = await resumed.waitFor(3);
      expect(Number(all[2]?.id)).toBe(live);
      await new Promise((r) => setTimeout(r, 300));
      expect(resumed.events.map((e) => e.id)).toEqual([...new Set(resumed.events.map((e) => e.id))]);
    } finally {
      resumed.close();
    }
  });

  it('gives alert ids in commit order, so a resume cursor never passes an alert committed later', async () => {
    const first = await seedFinding(h.core, h.db.pool, await uploadFor('agency-o', 41));
    const second = await seedFinding(h.core, h.db.pool, await uploadFor('agency-o', 42));
    const [t1, t2] = [await h.db.pool.connect(), await h.db.pool.connect()];
    try {
      await t1.query('BEGIN');
      await t2.query('BEGIN');
      const [a1] = await h.core.repos.alerts.insertMany(t1, [first]);
      let secondStored = false;
      const pending = h.core.repos.alerts.insertMany(t2, [second]).then((rows) => {
        secondStored = true;
        return rows;
      });
      await new Promise((r) => setTimeout(r, 300));
      // The second analysis waits: had it drawn id n+1 and committed first, a reader seeing n+1
      // would resume after it and never get n.
      expect(secondStored).toBe(false);
      await t1.query('COMMIT');
      const [a2] = await pending;
      await t2.query('COMMIT');
      expect(a2!.id).toBeGreaterThan(a1!.id);
      const after = await h.core.repos.alerts.listAfter(a1!.id - 1, { agencyId: 'agency-o' });
      expect(after.map((a) => a.id)).toEqual([a1!.id, a2!.id]);
    } finally {
      t1.release();
      t2.release();
    }
  });

  it('rejects a malformed Last-Event-ID with 400', async () => {
    const res = await fetch(`${base}/v1/alerts/stream`, { headers: { ...supervisor, 'last-event-id': 'abc' } });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('CALLQA_VALIDATION');
  });

  it('releases the stream and its subscription when the client disconnects', async () => {
    const before = h.app.sse.size;
    const client = await connectSse(`${base}/v1/alerts/stream`, supervisor);
    await waitUntil(() => h.app.sse.size === before + 1);
    client.close();
    await waitUntil(() => h.app.sse.size === before);
    expect(h.app.sse.size).toBe(before);
  });

  it('ends open streams when the server closes', async () => {
    const other = await startApi({ db: h.db });
    const url = await other.app.listen({ host: '127.0.0.1', port: 0 });
    const client = await connectSse(`${url}/v1/alerts/stream`, supervisor);
    await waitUntil(() => other.app.sse.size === 1);
    const started = performance.now();
    await other.close();
    await client.ended;
    expect(performance.now() - started).toBeLessThan(3000);
  });
});

async function waitUntil(cond: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}
