/**
 * The whole service path on real components: upload over HTTP → BullMQ → transcribe worker
 * (sandboxed child, real decode + VAD + whisper-tiny) → analyze worker (rules, findings, alert)
 * → alert pushed on the SSE stream of a listening API. Prints the upload-accepted → alert-delivered
 * latency.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../core/index.js';
import { startWorkers, type RunningWorkers } from '../../../workers/start.js';
import { bootstrap, createKey, startApi, type ApiHarness } from './harness.js';
import { bankCallWav, multipartBody } from './fixtures.js';
import { connectSse } from './sse-client.js';

let h: ApiHarness;
let workerCore: Core;
let workers: RunningWorkers;
let base: string;

beforeAll(async () => {
  // The call is spoken by the recorded syllable voice of ../shared/tts, which whisper-base hears
  // well enough for the lexicon to fire (espeak-ng's voice is beyond tiny and base). TEST_FLOW_MODEL overrides.
  h = await startApi({ maxUploadMb: 20, env: { CALLQA_MODEL: process.env.TEST_FLOW_MODEL ?? 'base' } });
  base = await h.app.listen({ host: '127.0.0.1', port: 0 });
  workerCore = await createCore(h.core.config, { redisRole: 'worker' });
  workers = await startWorkers(workerCore, { queues: ['transcribe', 'analyze'] });
}, 180_000);

afterAll(async () => {
  await workers?.close();
  await workerCore?.close();
  await h?.close();
});

describe('upload → transcript → findings → alert on SSE', () => {
  it('delivers the alert of a scored call to a connected supervisor', async () => {
    // A synthetic call: the agent threatens the debtor's contact list, the customer speaks of suicide.
    const wav = await bankCallWav([
      { speaker: 'agent', text: '你再不还钱，我们就联系你通讯录里的所有人。' },
      { speaker: 'customer', text: '我不想活了。' },
    ]);
    const meta = { callId: 'flow-1', agentId: 'A1', agencyId: 'agency-1', channels: { agent: 0, customer: 1 }, calleeRole: 'debtor' };
    const supervisor = (await createKey(h.app, 'supervisor')).headers;
    const stream = await connectSse(`${base}/v1/alerts/stream`, supervisor);
    try {
      const form = multipartBody([
        { name: 'meta', value: JSON.stringify(meta) },
        { name: 'priority', value: 'realtime' },
        { name: 'file', filename: 'flow-1.wav', content: wav, type: 'audio/wav' },
      ]);
      const res = await fetch(`${base}/v1/recordings`, { method: 'POST', headers: { ...bootstrap, ...form.headers }, body: form.payload });
      const acceptedAt = performance.now();
      expect(res.status).toBe(202);
      const { id } = (await res.json()) as { id: string };

      // Wait for the pipeline to finish (status from PostgreSQL), reporting failures clearly.
      let detail: { status: string; error: unknown; stages: unknown[] } = { status: 'queued', error: null, stages: [] };
      for (let i = 0; i < 300 && !['scored', 'failed'].includes(detail.status); i++) {
        await new Promise((r) => setTimeout(r, 500));
        detail = (await fetch(`${base}/v1/recordings/${id}`, { headers: bootstrap }).then((r) => r.json())) as typeof detail;
      }
      expect(detail.status, JSON.stringify(detail)).toBe('scored');
      const seen = async (): Promise<string> => {
        const t = (await fetch(`${base}/v1/recordings/${id}/transcript`, { headers: bootstrap }).then((r) => r.json())) as { segments: { speaker: string; text: string }[] };
        const f = (await fetch(`${base}/v1/recordings/${id}/findings`, { headers: bootstrap }).then((r) => r.json())) as { items: { category: string; severity: string }[] };
        return `transcript ${JSON.stringify(t.segments.map((x) => `${x.speaker}: ${x.text}`))}; findings ${JSON.stringify(f.items.map((x) => `${x.category}/${x.severity}`))}`;
      };
      const [event] = await stream.waitFor(1, 10_000).catch(async (err: Error) => {
        throw new Error(`${err.message}; ${await seen()}`);
      });
      const latencyMs = performance.now() - acceptedAt;
      const alert = JSON.parse(event?.data ?? '{}') as { recordingId: string; severity: string; category: string };
      expect(alert.recordingId).toBe(id);
      // The alert is for what was said: the contact-list threat or the customer's suicide talk.
      expect(['contact_list_threat', 'escalation_signal'], await seen()).toContain(alert.category);
      console.log(`[full-flow] upload accepted → alert delivered: ${Math.round(latencyMs)} ms (${alert.category}/${alert.severity}, ${Math.round((wav.length - 44) / 64)} ms of audio)`);

      // Stage-run bookkeeping is written just after the analysis commits: poll briefly for it.
      let status = { status: '', stages: [] as { stage: string; status: string }[] };
      for (let i = 0; i < 50; i++) {
        status = await fetch(`${base}/v1/recordings/${id}`, { headers: bootstrap }).then((r) => r.json() as Promise<typeof status>);
        if (status.stages.every((s) => s.status !== 'running')) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(status.status).toBe('scored');
      expect(status.stages.map((s) => `${s.stage}:${s.status}`).sort()).toEqual(['analyze:completed', 'transcribe:completed']);
      const transcript = await fetch(`${base}/v1/recordings/${id}/transcript`, { headers: bootstrap }).then((r) => r.json() as Promise<{ segments: { speaker: string }[] }>);
      expect(transcript.segments.length).toBeGreaterThan(0);
      expect(new Set(transcript.segments.map((s) => s.speaker))).toEqual(new Set(['agent', 'customer']));
      const findings = await fetch(`${base}/v1/recordings/${id}/findings`, { headers: bootstrap }).then((r) => r.json() as Promise<{ items: { category: string }[] }>);
      expect(findings.items.map((f) => f.category)).toContain(alert.category);
      const report = await fetch(`${base}/v1/recordings/${id}/report`, { headers: bootstrap }).then((r) => r.json() as Promise<{ contract: string; score: number }>);
      expect(report.contract).toBe('callqa.report/v1');
      expect(report.score).toBeLessThan(100);
    } finally {
      stream.close();
    }
  }, 240_000);
});
