/**
 * Authentication and agency isolation against the real stack: keys created through the API,
 * recordings uploaded and scored data stored through core, real PostgreSQL and Redis.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootstrap, createKey, startApi, type ApiHarness } from './harness.js';
import { multipartBody, toneWav } from './fixtures.js';
import { seedScored } from './seed.js';

let h: ApiHarness;
let admin: Record<string, string>;
let qa: Record<string, string>;
let supervisor: Record<string, string>;
let agencyA: Record<string, string>;
let agencyB: Record<string, string>;
let recA: string;
let recB: string;

async function upload(headers: Record<string, string>, meta: object, seed: number): Promise<{ statusCode: number; body: { id: string } }> {
  const form = multipartBody([
    { name: 'meta', value: JSON.stringify(meta) },
    { name: 'priority', value: 'batch' },
    { name: 'file', filename: 'call.wav', content: toneWav({ seed, seconds: 1 }), type: 'audio/wav' },
  ]);
  const res = await h.app.inject({ method: 'POST', url: '/v1/recordings', headers: { ...headers, ...form.headers }, payload: form.payload });
  return { statusCode: res.statusCode, body: res.json() };
}

beforeAll(async () => {
  h = await startApi();
  admin = (await createKey(h.app, 'admin')).headers;
  qa = (await createKey(h.app, 'qa')).headers;
  supervisor = (await createKey(h.app, 'supervisor')).headers;
  agencyA = (await createKey(h.app, 'agency', 'agency-a')).headers;
  agencyB = (await createKey(h.app, 'agency', 'agency-b')).headers;
  const a = await upload(agencyA, { callId: 'call-a', agentId: 'A1' }, 11);
  const b = await upload(admin, { callId: 'call-b', agentId: 'B1', agencyId: 'agency-b' }, 22);
  expect([a.statusCode, b.statusCode]).toEqual([202, 202]);
  recA = a.body.id;
  recB = b.body.id;
  await seedScored(h.core, h.db.pool, recA);
  await seedScored(h.core, h.db.pool, recB);
});

afterAll(async () => {
  await h?.close();
});

describe('authentication', () => {
  it('leaves health and docs public', async () => {
    expect((await h.app.inject('/healthz')).statusCode).toBe(200);
    expect((await h.app.inject('/openapi.json')).statusCode).toBe(200);
  });

  it('answers 401 with the stable body for a missing, wrong or revoked key', async () => {
    const missing = await h.app.inject('/v1/recordings');
    expect(missing.statusCode).toBe(401);
    expect(missing.json().error.code).toBe('CALLQA_UNAUTHORIZED');
    expect(missing.headers['www-authenticate']).toContain('Bearer');
    expect((await h.app.inject({ url: '/v1/recordings', headers: { authorization: 'Bearer cqa_not-a-key' } })).statusCode).toBe(401);
    expect((await h.app.inject({ url: '/v1/recordings', headers: { 'x-api-key': 'wrong' } })).statusCode).toBe(401);

    const temp = await createKey(h.app, 'qa');
    expect((await h.app.inject({ url: '/v1/recordings', headers: temp.headers })).statusCode).toBe(200);
    const del = await h.app.inject({ method: 'DELETE', url: `/v1/keys/${temp.id}`, headers: admin });
    expect(del.statusCode).toBe(204);
    expect((await h.app.inject({ url: '/v1/recordings', headers: temp.headers })).statusCode).toBe(401);
  });

  it('accepts X-API-Key as well as Bearer, and the bootstrap key as admin', async () => {
    const key = admin.authorization?.replace('Bearer ', '') ?? '';
    expect((await h.app.inject({ url: '/v1/keys', headers: { 'x-api-key': key } })).statusCode).toBe(200);
    expect((await h.app.inject({ url: '/v1/keys', headers: bootstrap })).statusCode).toBe(200);
  });

  it('answers 403 for a role without the action', async () => {
    for (const headers of [qa, supervisor, agencyA]) {
      const res = await h.app.inject({ method: 'POST', url: '/v1/keys', headers, payload: { name: 'x', role: 'admin' } });
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('CALLQA_FORBIDDEN');
    }
    expect((await upload(supervisor, {}, 33)).statusCode).toBe(403);
    expect((await h.app.inject({ url: '/v1/batches/any/summary', headers: agencyA })).statusCode).toBe(403);
  });

  it('never returns key secrets or hashes when listing keys', async () => {
    const res = await h.app.inject({ url: '/v1/keys', headers: admin });
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toMatch(/cqa_|[0-9a-f]{64}/);
    expect(res.json().items.length).toBeGreaterThanOrEqual(5);
  });

  it('rejects an agency key without agencyId', async () => {
    const res = await h.app.inject({ method: 'POST', url: '/v1/keys', headers: admin, payload: { name: 'x', role: 'agency' } });
    expect(res.statusCode).toBe(400);
  });
});

describe('agency isolation', () => {
  it('stamps uploads with the key agency and refuses another agency in meta', async () => {
    const rec = await h.app.inject({ url: `/v1/recordings/${recA}`, headers: admin });
    expect(rec.json().agencyId).toBe('agency-a');
    const other = await upload(agencyA, { agencyId: 'agency-b' }, 44);
    expect(other.statusCode).toBe(403);
  });

  it('lists only the own agency and refuses to list another', async () => {
    const own = await h.app.inject({ url: '/v1/recordings', headers: agencyA });
    expect(own.json().items.map((r: { id: string }) => r.id)).toEqual([recA]);
    expect((await h.app.inject({ url: '/v1/recordings?agencyId=agency-b', headers: agencyA })).statusCode).toBe(403);
    const all = await h.app.inject({ url: '/v1/recordings', headers: supervisor });
    expect(all.json().items.map((r: { id: string }) => r.id).sort()).toEqual([recA, recB].sort());

    const findings = await h.app.inject({ url: '/v1/findings', headers: agencyA });
    expect(findings.statusCode).toBe(200);
    expect(findings.json().items.map((f: { recordingId: string }) => f.recordingId)).toEqual([recA]);
    expect((await h.app.inject({ url: '/v1/findings?agencyId=agency-b', headers: agencyA })).statusCode).toBe(403);
  });

  it("answers 404 for every view of another agency's recording", async () => {
    for (const suffix of ['', '/transcript', '/report', '/findings', '/audio']) {
      const res = await h.app.inject({ url: `/v1/recordings/${recB}${suffix}`, headers: agencyA });
      expect(res.statusCode, suffix).toBe(404);
      expect(res.json().error.code).toBe('CALLQA_NOT_FOUND');
      expect((await h.app.inject({ url: `/v1/recordings/${recA}${suffix}`, headers: agencyA })).statusCode, suffix).toBe(200);
      expect((await h.app.inject({ url: `/v1/recordings/${recB}${suffix}`, headers: agencyB })).statusCode, suffix).toBe(200);
    }
  });

  it('serves the contract report shape', async () => {
    const res = await h.app.inject({ url: `/v1/recordings/${recA}/report`, headers: qa });
    const report = res.json();
    expect(report.contract).toBe('callqa.report/v1');
    expect(report.callId).toBe('call-a');
    expect(report.score).toBe(40);
    expect(report.findings[0]).toMatchObject({ id: 'f-1', category: 'contact_list_threat', severity: 'critical', startMs: 0, endMs: 2000 });
    expect(report.transcript.segments).toHaveLength(2);
  });
});
