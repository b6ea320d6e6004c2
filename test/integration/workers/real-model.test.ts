/**
 * The one end-to-end run with the real pipeline: ingest → sandboxed transcribe with whisper-tiny
 * (decode, Silero VAD, ASR) → analyze → findings stored → alert published, through the real
 * Redis and PostgreSQL. Everything else uses the fake transcriber.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAnalyzer } from '../../../core/rules/analyze.js';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert, Core } from '../../../core/index.js';
import { startWorkers, type RunningWorkers } from '../../../workers/start.js';
import { createTestEnv, type TestEnv } from '../helpers/core.js';
import { waitFor } from './fixtures.js';

const EXAMPLE = fileURLToPath(new URL('../../../examples/example-03-impersonation-shout.wav', import.meta.url));
// Called at 23:30 (outside the 08:00–21:00 window): a metadata finding whatever tiny hears.
const META = { ...(JSON.parse(readFileSync(EXAMPLE.replace(/\.wav$/, '.meta.json'), 'utf8')) as Record<string, unknown>), startedAt: '2026-11-21T23:30:00+08:00' };

/** The default policy, with calling-hours violations listed as alerts (policy-driven alerting). */
function alertingPolicyDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'callqa-policy-'));
  const policy = readFileSync(fileURLToPath(new URL('../../../policies/default.yaml', import.meta.url)), 'utf8');
  writeFileSync(join(dir, 'default.yaml'), policy.replace(/^alertCategories:\n/m, 'alertCategories:\n  - calling_hours\n'));
  return dir;
}

let t: TestEnv;
let core: Core;
let workers: RunningWorkers;

beforeAll(async () => {
  t = await createTestEnv({ CALLQA_MODEL: 'tiny', CALLQA_JOB_LOCK_MS: '30000' });
  core = await t.createTestCore({ redisRole: 'worker', analyzer: createAnalyzer({ policiesDir: alertingPolicyDir() }) });
  workers = await startWorkers(core, { queues: ['transcribe', 'analyze'] });
});
afterAll(async () => {
  await workers?.close();
  await t?.cleanup();
});

describe('real whisper-tiny end to end', () => {
  it('transcribes, analyses, stores findings and raises an alert within the latency budget', async () => {
    const received: Alert[] = [];
    const stop = await core.events.subscribeAlerts({ agencyId: 'agency-7' }, (a) => received.push(a));
    try {
      const accepted = Date.now();
      const { recording } = await core.services.ingestRecording({ source: { path: EXAMPLE }, originalName: 'example-03.wav', meta: META, priority: 'realtime' });
      const done = await waitFor('scored', async () => {
        const r = await core.repos.recordings.findById(recording.id);
        if (r?.status === 'failed') throw new Error(`failed: ${r.errorCode} ${r.errorMessage}`);
        return r?.status === 'scored' ? r : undefined;
      }, 150_000, 250);
      const transcript = await core.repos.transcripts.get(recording.id);
      expect(transcript?.asrModel).toMatch(/whisper-tiny/);
      expect(transcript?.segments.length).toBeGreaterThan(2);
      expect(new Set(transcript?.segments.map((s) => s.speaker))).toEqual(new Set(['agent', 'customer']));
      expect(transcript?.durationMs).toBeGreaterThan(15_000);
      // The decoder's confidence survives the database (segments.asr_logprob).
      for (const s of transcript!.segments) expect(s.asrLogprob).toBeLessThanOrEqual(0);

      const current = await core.repos.analyses.getCurrent(recording.id);
      expect(current?.findings.length).toBeGreaterThan(0);
      expect(done.score).toBe(current?.analysis.score);
      console.log(`[real-model] findings: ${current!.findings.map((f) => `${f.category}/${f.severity}`).join(', ')}; text: ${transcript!.segments.map((s) => s.text).join(' | ')}`);
      const stored = await core.repos.alerts.listForRecording(recording.id);
      expect(stored.length).toBeGreaterThan(0);
      await waitFor('alert on the stream', () => Promise.resolve(received.length >= stored.length ? true : undefined), 5000);
      const latencyMs = Date.now() - accepted;
      console.log(`[real-model] ${Math.round(transcript!.durationMs / 1000)} s call, alert latency ${latencyMs} ms`);
      expect(received.map((a) => a.recordingId)).toContain(recording.id);
      expect(stored.map((a) => a.category)).toContain('calling_hours');
      expect(latencyMs).toBeLessThan(60_000);
    } finally {
      stop();
    }
  });
});
