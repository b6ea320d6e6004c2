import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../core/index.js';
import { startWorkers, type RunningWorkers } from '../../../workers/start.js';
import { makeWav } from '../helpers/audio.js';
import { createTestEnv, type TestEnv } from '../helpers/core.js';
import { createFakeTranscriber, registerFakeTranscript } from '../helpers/fake-transcriber.js';
import { alertingTranscript, waitFor } from './fixtures.js';

const SECRET = 'webhook-secret-for-tests-0123456789';
let t: TestEnv;
let core: Core;
let workers: RunningWorkers;
let server: Server;
const requests: { headers: IncomingHttpHeaders; body: string; status: number }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      // The first delivery of each alert fails: the retry must come and be recorded.
      const id = req.headers['x-callqa-alert-id'];
      const status = requests.some((r) => r.headers['x-callqa-alert-id'] === id) ? 204 : 503;
      requests.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), status });
      res.statusCode = status;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  t = await createTestEnv({ CALLQA_WEBHOOK_URL: `http://127.0.0.1:${port}/hook`, CALLQA_WEBHOOK_SECRET: SECRET });
  const fixtures = `${t.dataDir}/fixtures.json`;
  registerFakeTranscript(fixtures, makeWav({ freqHz: 900 }), alertingTranscript('hook-call'));
  core = await t.createTestCore({ redisRole: 'worker', transcriber: createFakeTranscriber(fixtures) });
  workers = await startWorkers(core, { queues: ['analyze', 'webhook'] });
});

afterAll(async () => {
  await workers?.close();
  await t?.cleanup();
  await new Promise((resolve) => server?.close(resolve));
});

describe('webhook delivery', () => {
  it('POSTs each alert with an HMAC-SHA256 signature over the raw body, retries after a 5xx, records every attempt', async () => {
    const { recording } = await core.services.ingestRecording({ source: { buffer: makeWav({ freqHz: 900 }) }, originalName: 'hook.wav', meta: { agencyId: 'ag-1' } });
    // Transcribe in-process with the fake (the webhook path is under test here, not the sandbox).
    await core.services.runTranscribeStage({ recordingId: recording.id, pipelineVersion: t.config.pipelineVersion }, { jobId: 'manual', attempt: 1, maxAttempts: 1 });
    const alerts = await waitFor('alerts', async () => {
      const a = await core.repos.alerts.listForRecording(recording.id);
      return a.length > 0 ? a : undefined;
    });
    for (const alert of alerts) {
      const deliveries = await waitFor(`deliveries of alert ${alert.id}`, async () => {
        const d = await core.repos.alerts.deliveries(alert.id);
        return d.some((x) => x.statusCode === 204) ? d : undefined;
      }, 20_000);
      expect(deliveries.map((d) => [d.attempt, d.statusCode])).toEqual([[1, 503], [2, 204]]);
    }
    expect(requests).toHaveLength(alerts.length * 2);
    for (const r of requests) {
      const expected = `sha256=${createHmac('sha256', SECRET).update(r.body).digest('hex')}`;
      expect(r.headers['x-callqa-signature']).toBe(expected);
      const body = JSON.parse(r.body) as { id: number; type: string; recordingId: string; agencyId: string };
      expect(body).toMatchObject({ type: 'alert', recordingId: recording.id, agencyId: 'ag-1' });
      expect(String(body.id)).toBe(r.headers['x-callqa-alert-id']);
    }
  });
});
