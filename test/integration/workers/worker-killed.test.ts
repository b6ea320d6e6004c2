import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../core/index.js';
import { makeWav } from '../helpers/audio.js';
import { createTestEnv, type TestEnv } from '../helpers/core.js';
import { fakeEngineModule, registerFakeTranscript } from '../helpers/fake-transcriber.js';
import { alertingTranscript, waitFor } from './fixtures.js';

const WORKER_ENTRY = fileURLToPath(new URL('../../../workers/main.ts', import.meta.url));
let t: TestEnv;
let core: Core;
let fixtures: string;
const children: ChildProcess[] = [];

function spawnWorker(): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER_ENTRY], {
    env: { ...process.env, ...t.env(), CALLQA_WORKER_QUEUES: 'transcribe,analyze' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  children.push(child);
  return child;
}

const exited = (child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> =>
  child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve({ code: child.exitCode, signal: child.signalCode })
    : new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));

beforeAll(async () => {
  fixtures = join(await mkdtemp(join(tmpdir(), 'callqa-fake-')), 'fixtures.json');
  t = await createTestEnv({ CALLQA_JOB_LOCK_MS: '2000', CALLQA_ENGINE_MODULE: fakeEngineModule(fixtures) });
  core = await t.createTestCore();
});

afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await t?.cleanup();
});

describe('a worker process killed mid-transcription', () => {
  it('the job completes exactly once after a restart: one transcript, one current analysis, no duplicate findings or alerts', async () => {
    const audio = makeWav({ freqHz: 1000 });
    registerFakeTranscript(fixtures, audio, alertingTranscript('killed'), 4000);
    const first = spawnWorker();
    const { recording } = await core.services.ingestRecording({ source: { buffer: audio }, originalName: 'killed.wav', meta: { agencyId: 'ag-k' }, priority: 'realtime' });

    await waitFor('transcription started', async () => {
      const runs = await core.repos.stageRuns.list(recording.id);
      return runs.find((r) => r.stage === 'transcribe' && r.status === 'running');
    }, 30_000);
    first.kill('SIGKILL');
    expect((await exited(first)).signal).toBe('SIGKILL');
    // The orphaned sandbox child must not finish the job on its own.
    await new Promise((r) => setTimeout(r, 4500));
    expect(await core.repos.transcripts.get(recording.id)).toBeUndefined();

    const second = spawnWorker();
    const done = await waitFor('scored after restart', async () => {
      const r = await core.repos.recordings.findById(recording.id);
      return r?.status === 'scored' ? r : undefined;
    }, 45_000, 200);
    expect(done.errorCode).toBeNull();

    // The stage-run row is completed just after the analysis commits `scored`: wait for it.
    const runs = await waitFor('analyze stage run completed', async () => {
      const list = await core.repos.stageRuns.list(recording.id);
      return list.some((r) => r.stage === 'analyze' && r.status !== 'running') ? list : undefined;
    }, 5000, 100);
    expect(runs.find((r) => r.stage === 'transcribe')).toMatchObject({ status: 'completed', attempts: 2 });
    expect(runs.find((r) => r.stage === 'analyze')).toMatchObject({ status: 'completed' });
    const counts = await t.db.pool.query<{ transcripts: number; segments: number; analyses: number; findings: number; alerts: number; dup_alerts: number }>(
      `SELECT (SELECT count(*) FROM transcripts WHERE recording_id = $1)::int AS transcripts,
              (SELECT count(*) FROM segments WHERE recording_id = $1)::int AS segments,
              (SELECT count(*) FROM analyses WHERE recording_id = $1)::int AS analyses,
              (SELECT count(*) FROM findings WHERE recording_id = $1)::int AS findings,
              (SELECT count(*) FROM alerts WHERE recording_id = $1)::int AS alerts,
              (SELECT count(*) - count(DISTINCT (category, payload->>'startMs')) FROM alerts WHERE recording_id = $1)::int AS dup_alerts`,
      [recording.id],
    );
    const current = await core.repos.analyses.getCurrent(recording.id);
    expect(counts.rows[0]).toEqual({
      transcripts: 1, segments: alertingTranscript().segments.length, analyses: 1, findings: current!.findings.length, alerts: counts.rows[0]!.alerts, dup_alerts: 0,
    });
    expect(counts.rows[0]!.alerts).toBeGreaterThan(0);
    const job = await core.queues.queue('transcribe').getJob(runs.find((r) => r.stage === 'transcribe')!.jobId!);
    expect(await job?.getState()).toBe('completed');

    // Graceful shutdown: SIGTERM → worker.close() → exit 0.
    second.kill('SIGTERM');
    expect(await exited(second)).toEqual({ code: 0, signal: null });
  });
});
