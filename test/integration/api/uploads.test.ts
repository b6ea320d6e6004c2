/** Uploads: accepted, duplicate, bad input stored nowhere, Range on audio, list filters. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootstrap, startApi, type ApiHarness } from './harness.js';
import { multipartBody, toneWav } from './fixtures.js';

let h: ApiHarness;

async function post(parts: Parameters<typeof multipartBody>[0]) {
  const form = multipartBody(parts);
  return h.app.inject({ method: 'POST', url: '/v1/recordings', headers: { ...bootstrap, ...form.headers }, payload: form.payload });
}

async function rowCount(): Promise<number> {
  const { rows } = await h.db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM recordings');
  return rows[0]?.n ?? -1;
}

beforeAll(async () => {
  h = await startApi({ maxUploadMb: 0.25 });
});
afterAll(async () => {
  await h?.close();
});

describe('POST /v1/recordings', () => {
  const wav = toneWav({ seed: 7, seconds: 2 });
  let id = '';

  it('accepts audio with 202, then recognises identical content with 200 and the same id', async () => {
    const first = await post([
      { name: 'meta', value: JSON.stringify({ callId: 'c-1', agentId: 'A7', agencyId: 'agency-7', startedAt: '2026-11-22T20:41:07+08:00' }) },
      { name: 'priority', value: 'realtime' },
      { name: 'file', filename: 'c-1.wav', content: wav, type: 'audio/wav' },
    ]);
    expect(first.statusCode, first.body).toBe(202);
    expect(first.json()).toMatchObject({ status: 'queued', duplicate: false });
    id = first.json().id;
    // Fields after the file (spooled path) and a different file name: still the same content.
    const again = await post([
      { name: 'file', filename: 'other-name.wav', content: wav },
      { name: 'meta', value: JSON.stringify({ callId: 'c-1-again' }) },
    ]);
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json()).toMatchObject({ id, duplicate: true });
    expect(await rowCount()).toBe(1);
    const files = await h.storedFiles();
    expect(files).toHaveLength(1);
  });

  it('shows status and stage runs of the upload', async () => {
    const res = await h.app.inject({ url: `/v1/recordings/${id}`, headers: bootstrap });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id, callId: 'c-1', agentId: 'A7', agencyId: 'agency-7', priority: 'realtime', byteSize: wav.length });
    expect(Array.isArray(res.json().stages)).toBe(true);
    expect(res.json()).not.toHaveProperty('storagePath');
  });

  it.each([
    ['empty file', [{ name: 'file', filename: 'e.wav', content: Buffer.alloc(0) }], [400, 422], ['CALLQA_AUDIO_EMPTY', 'CALLQA_INPUT_UNREADABLE']],
    ['not audio', [{ name: 'file', filename: 'x.wav', content: Buffer.from('this is not audio at all '.repeat(200)) }], [415], ['CALLQA_AUDIO_UNDECODABLE']],
    ['too large', [{ name: 'file', filename: 'big.wav', content: toneWav({ seed: 9, seconds: 10 }) }], [413], ['CALLQA_UPLOAD_TOO_LARGE']],
    ['bad meta JSON', [{ name: 'meta', value: '{"callId": ' }, { name: 'priority', value: 'batch' }, { name: 'file', filename: 'ok.wav', content: toneWav({ seed: 10 }) }], [400], ['CALLQA_META_INVALID']],
    ['meta not an object', [{ name: 'meta', value: '[1,2]' }, { name: 'file', filename: 'ok.wav', content: toneWav({ seed: 12 }) }], [400], ['CALLQA_META_INVALID']],
    ['bad priority', [{ name: 'priority', value: 'urgent' }, { name: 'file', filename: 'ok.wav', content: toneWav({ seed: 13 }) }], [400], ['CALLQA_VALIDATION']],
    ['no file part', [{ name: 'meta', value: '{}' }], [400], ['CALLQA_VALIDATION']],
  ] as const)('rejects %s with a 4xx and stores nothing', async (_name, parts, statuses, codes) => {
    const before = await rowCount();
    const filesBefore = (await h.storedFiles()).length;
    const res = await post([...parts]);
    expect(statuses, res.body).toContain(res.statusCode);
    expect(codes).toContain(res.json().error.code);
    expect(res.body).not.toMatch(/at .*\.ts:\d+/);
    expect(await rowCount()).toBe(before);
    expect((await h.storedFiles()).length).toBe(filesBefore);
  });

  it('answers 415 for a request that is not multipart', async () => {
    const res = await h.app.inject({ method: 'POST', url: '/v1/recordings', headers: { ...bootstrap, 'content-type': 'application/json' }, payload: '{}' });
    expect(res.statusCode).toBe(415);
    expect(res.json().error.code).toBe('CALLQA_UNSUPPORTED_MEDIA_TYPE');
  });

  describe('GET /v1/recordings/:id/audio', () => {
    it('serves the whole file with Accept-Ranges', async () => {
      const res = await h.app.inject({ url: `/v1/recordings/${id}/audio`, headers: bootstrap });
      expect(res.statusCode).toBe(200);
      expect(res.headers['accept-ranges']).toBe('bytes');
      expect(res.headers['content-type']).toBe('audio/wav');
      expect(res.rawPayload.equals(wav)).toBe(true);
    });
    it('serves a byte range with 206 and Content-Range', async () => {
      const res = await h.app.inject({ url: `/v1/recordings/${id}/audio`, headers: { ...bootstrap, range: 'bytes=44-1043' } });
      expect(res.statusCode).toBe(206);
      expect(res.headers['content-range']).toBe(`bytes 44-1043/${wav.length}`);
      expect(res.headers['content-length']).toBe('1000');
      expect(res.rawPayload.equals(wav.subarray(44, 1044))).toBe(true);
      const tail = await h.app.inject({ url: `/v1/recordings/${id}/audio`, headers: { ...bootstrap, range: 'bytes=-10' } });
      expect(tail.rawPayload.equals(wav.subarray(wav.length - 10))).toBe(true);
    });
    it('answers 416 with Content-Range for an unsatisfiable range', async () => {
      const res = await h.app.inject({ url: `/v1/recordings/${id}/audio`, headers: { ...bootstrap, range: `bytes=${wav.length}-` } });
      expect(res.statusCode).toBe(416);
      expect(res.headers['content-range']).toBe(`bytes */${wav.length}`);
      expect(res.json().error.code).toBe('CALLQA_RANGE_NOT_SATISFIABLE');
    });
  });

  describe('GET /v1/recordings filters', () => {
    it('filters by agent, agency, status and dates, and validates the query', async () => {
      const q = async (qs: string) => (await h.app.inject({ url: `/v1/recordings?${qs}`, headers: bootstrap })).json();
      expect((await q('agentId=A7')).total).toBe(1);
      expect((await q('agentId=nobody')).total).toBe(0);
      expect((await q('agencyId=agency-7&status=queued')).items[0].id).toBe(id);
      expect((await q('from=2026-11-22T00:00:00Z&to=2026-11-23T00:00:00Z')).total).toBe(1);
      expect((await q('from=2026-11-23T00:00:00Z')).total).toBe(0);
      const bad = await h.app.inject({ url: '/v1/recordings?limit=100000&status=nope', headers: bootstrap });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.code).toBe('CALLQA_VALIDATION');
      expect(bad.json().error.details[0].field).toMatch(/^querystring\./);
    });
  });

  it('answers 404 with the stable body for unknown ids and routes', async () => {
    const res = await h.app.inject({ url: '/v1/recordings/00000000-0000-0000-0000-000000000000', headers: bootstrap });
    expect(res.statusCode).toBe(404);
    expect(res.json().error).toMatchObject({ code: 'CALLQA_NOT_FOUND' });
    expect((await h.app.inject({ url: '/v1/recordings/not-a-uuid', headers: bootstrap })).statusCode).toBe(404);
    expect((await h.app.inject({ url: '/nope' })).json().error.code).toBe('CALLQA_NOT_FOUND');
  });
});
