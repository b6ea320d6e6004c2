import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert, Core } from '../../../core/index.js';
import { startWorkers, type RunningWorkers } from '../../../workers/start.js';
import { makeWav } from '../helpers/audio.js';
import { createTestEnv, type TestEnv } from '../helpers/core.js';
import { fakeEngineModule, registerFakeTranscript } from '../helpers/fake-transcriber.js';
import { alertingTranscript, cleanTranscript, waitFor } from './fixtures.js';

let t: TestEnv;
let core: Core;
let workers: RunningWorkers;
let fixtures: string;

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

beforeAll(async () => {
  const dir = await import('node:fs/promises').then((fs) => fs.mkdtemp('/tmp/callqa-fake-'));
  fixtures = join(dir, 'fixtures.json');
  t = await createTestEnv({ CALLQA_ENGINE_MODULE: fakeEngineModule(fixtures), CALLQA_MAX_UPLOAD_MB: '0.1' });
  core = await t.createTestCore({ redisRole: 'worker' });
  workers = await startWorkers(core, { queues: ['transcribe', 'analyze'] });
});

afterAll(async () => {
  await workers?.close();
  await t?.cleanup();
});

async function scored(recordingId: string) {
  return waitFor(`recording ${recordingId} scored`, async () => {
    const r = await core.repos.recordings.findById(recordingId);
    if (r?.status === 'failed') throw new Error(`recording failed: ${r.errorCode} ${r.errorMessage}`);
    return r?.status === 'scored' ? r : undefined;
  });
}

describe('upload → transcribe (sandboxed) → analyze → findings → alert', () => {
  it('stores one transcript, one current analysis with findings, and publishes alerts live', async () => {
    const audio = makeWav({ freqHz: 300 });
    registerFakeTranscript(fixtures, audio, alertingTranscript());
    const received: Alert[] = [];
    const unsubscribe = await core.events.subscribeAlerts({}, (a) => received.push(a));
    try {
      const { recording, duplicate } = await core.services.ingestRecording({
        source: { buffer: audio }, originalName: 'call-1.wav', meta: { agentId: 'A1', agencyId: 'agency-7', calleeRole: 'debtor' }, priority: 'realtime',
      });
      expect(duplicate).toBe(false);
      expect(recording.status).toBe('queued');
      expect(recording.storagePath).toMatch(new RegExp(`^recordings/${recording.sha256.slice(0, 2)}/${recording.sha256}\\.wav$`));

      const done = await scored(recording.id);
      expect(done.durationMs).toBe(12_000);
      const transcript = await core.repos.transcripts.get(recording.id);
      expect(transcript?.segments.map((s) => s.text)).toEqual(alertingTranscript().segments.map((s) => s.text));
      expect(transcript?.asrModel).toBe('fake-asr');

      const current = await core.repos.analyses.getCurrent(recording.id);
      const categories = current?.findings.map((f) => f.category) ?? [];
      expect(categories).toContain('impersonation');
      expect(categories).toContain('escalation_signal');
      expect(current?.findings.every((f) => f.lexiconVersion === current.analysis.lexiconVersion && f.asrModel === 'fake-asr')).toBe(true);
      expect(done.score).toBe(current?.analysis.score);

      const stored = await core.repos.alerts.listForRecording(recording.id);
      expect(stored.map((a) => a.category).sort()).toEqual(expect.arrayContaining(['escalation_signal', 'impersonation']));
      expect(stored.every((a) => a.agencyId === 'agency-7' && a.payload.acceptedAt === recording.createdAt)).toBe(true);
      const live = await waitFor('live alerts', () => Promise.resolve(received.length >= stored.length ? received : undefined), 5000);
      expect(live.map((a) => a.id).sort()).toEqual(stored.map((a) => a.id).sort());

      // The recording turns `scored` in the analysis transaction; the stage-run bookkeeping is
      // written just after it, so wait for it rather than racing it.
      const runs = await waitFor('analyze stage run completed', async () => {
        const list = await core.repos.stageRuns.list(recording.id);
        return list.some((r) => r.stage === 'analyze' && r.status !== 'running') ? list : undefined;
      }, 5000);
      expect(runs.map((r) => [r.stage, r.status, r.attempts])).toEqual(
        expect.arrayContaining([['transcribe', 'completed', 1], ['analyze', 'completed', 1]]),
      );
    } finally {
      unsubscribe();
    }
  });

  it('resumes the alert stream from an id: missed alerts come from PostgreSQL, filtered by agency', async () => {
    const all = await core.repos.alerts.listAfter(0);
    expect(all.length).toBeGreaterThan(1);
    const first = all[0]!;
    const got: number[] = [];
    const stop = await core.events.subscribeAlerts({ afterId: first.id, agencyId: 'agency-7' }, (a) => got.push(a.id));
    stop();
    expect(got).toEqual(all.slice(1).map((a) => a.id));
    const other: number[] = [];
    (await core.events.subscribeAlerts({ afterId: 0, agencyId: 'agency-other' }, (a) => other.push(a.id)))();
    expect(other).toEqual([]);
  });

  it('recognises identical content: no new row, no reprocessing', async () => {
    const audio = makeWav({ freqHz: 300 });
    const before = await core.repos.stageRuns.list((await core.repos.recordings.findBySha256((await import('../helpers/fake-transcriber.js')).sha256(audio)))!.id);
    const again = await core.services.ingestRecording({ source: { buffer: audio }, originalName: 'renamed.wav', meta: {}, priority: 'batch' });
    expect(again.duplicate).toBe(true);
    expect(again.recording.originalName).toBe('call-1.wav');
    const { total } = await core.repos.recordings.list();
    expect(total).toBe(1);
    await new Promise((r) => setTimeout(r, 300));
    expect(await core.repos.stageRuns.list(again.recording.id)).toEqual(before);
  });

  it('runs the analyze job twice → still one current analysis and no duplicate alerts', async () => {
    const audio = makeWav({ freqHz: 310 });
    registerFakeTranscript(fixtures, audio, alertingTranscript('call-2'));
    const { recording } = await core.services.ingestRecording({ source: { buffer: audio }, originalName: 'call-2.wav', meta: {}, priority: 'realtime' });
    await scored(recording.id);
    const job = { recordingId: recording.id, pipelineVersion: t.config.pipelineVersion };
    const second = await core.services.runAnalyzeStage(job, { jobId: 'manual', attempt: 1, maxAttempts: 1 });
    expect(second.created).toBe(false);
    const analyses = await core.repos.analyses.listForRecording(recording.id);
    expect(analyses).toHaveLength(1);
    expect(analyses[0]?.isCurrent).toBe(true);
    const alerts = await core.repos.alerts.listForRecording(recording.id);
    expect(new Set(alerts.map((a) => a.findingId)).size).toBe(alerts.length);
    const findings = await core.repos.analyses.listFindings({ recordingId: recording.id });
    expect(findings.total).toBe(second.findings.length);
  });

  it("labels work with the worker's pipeline version, not the version the job was enqueued with", async () => {
    const audio = makeWav({ freqHz: 315 });
    registerFakeTranscript(fixtures, audio, alertingTranscript('call-3'));
    const { recording } = await core.services.ingestRecording({ source: { buffer: audio }, originalName: 'call-3.wav', meta: {}, priority: 'realtime' });
    await scored(recording.id);
    // A producer running another model (older API, CALLQA_MODEL=tiny) enqueues the same recording.
    const foreign = { recordingId: recording.id, pipelineVersion: 'older-tiny' };
    const transcribed = await core.services.runTranscribeStage(foreign, { jobId: 'foreign-t', attempt: 1, maxAttempts: 1 });
    expect(transcribed.reused).toBe(true);
    expect((await core.repos.transcripts.get(recording.id))?.pipelineVersion).toBe(t.config.pipelineVersion);
    const analysed = await core.services.runAnalyzeStage(foreign, { jobId: 'foreign-a', attempt: 1, maxAttempts: 1 });
    expect(analysed.created).toBe(false);
    const analyses = await core.repos.analyses.listForRecording(recording.id);
    expect(analyses.map((a) => a.pipelineVersion)).toEqual([t.config.pipelineVersion]);
  });

  it('re-analysis adds a new current analysis, keeps the old one, and diffs the findings', async () => {
    const before = await core.repos.recordings.list();
    const result = await core.services.reanalyze({ ids: before.items.map((r) => r.id) });
    expect(result.failed).toEqual([]);
    expect(result.diffs).toHaveLength(before.total);
    for (const d of result.diffs) {
      expect(d.added).toBe(0);
      expect(d.removed).toBe(0);
      expect(d.unchanged).toBeGreaterThan(0);
      const runs = await core.repos.analyses.listForRecording(d.recordingId);
      expect(runs.filter((a) => a.isCurrent)).toHaveLength(1);
      expect(runs.length).toBeGreaterThanOrEqual(2);
    }
    const currentFindings = await core.repos.analyses.listFindings({});
    const currentIds = new Set((await Promise.all(before.items.map((r) => core.repos.analyses.getCurrent(r.id)))).map((c) => c?.analysis.id));
    expect(currentFindings.items.every((f) => currentIds.has(f.analysisId))).toBe(true);
  });

  it('a clean call is scored 100 without alerts', async () => {
    const audio = makeWav({ freqHz: 320 });
    registerFakeTranscript(fixtures, audio, cleanTranscript());
    const { recording } = await core.services.ingestRecording({ source: { buffer: audio }, originalName: 'clean.wav', meta: {}, priority: 'batch' });
    const done = await scored(recording.id);
    expect(done.score).toBe(100);
    expect(await core.repos.alerts.listForRecording(recording.id)).toEqual([]);
  });

  it('bad input to the transcriber fails at once with its code recorded (no retry loop)', async () => {
    const audio = makeWav({ freqHz: 330 }); // no transcript registered: the strict fake rejects it as undecodable
    const { recording } = await core.services.ingestRecording({ source: { buffer: audio }, originalName: 'unknown.wav', meta: {}, priority: 'realtime' });
    const failed = await waitFor('failure recorded', async () => {
      const r = await core.repos.recordings.findById(recording.id);
      return r?.status === 'failed' ? r : undefined;
    });
    expect(failed.errorCode).toBe('CALLQA_AUDIO_UNDECODABLE');
    const runs = await core.repos.stageRuns.list(recording.id);
    expect(runs).toMatchObject([{ stage: 'transcribe', status: 'failed', attempts: 1, errorCode: 'CALLQA_AUDIO_UNDECODABLE' }]);
    const job = await core.queues.queue('transcribe').getJob(runs[0]!.jobId!);
    // BullMQ moves the job to failed just after the stage records the failure.
    await waitFor('job failed in BullMQ', async () => ((await job?.getState()) === 'failed' ? true : undefined), 5000);
    expect(job?.attemptsMade).toBe(1);
  });
});

describe('ingest rejects bad input and stores nothing', () => {
  const cases: [string, () => Buffer, string][] = [
    ['empty', () => Buffer.alloc(0), 'CALLQA_AUDIO_EMPTY'],
    ['text renamed .wav', () => Buffer.from('this is not audio at all, just text\n'.repeat(50)), 'CALLQA_AUDIO_UNDECODABLE'],
    ['truncated WAV header', () => makeWav({ freqHz: 500 }).subarray(0, 30), 'CALLQA_AUDIO_UNDECODABLE'],
    ['over the size limit', () => makeWav({ seconds: 4, freqHz: 600 }), 'CALLQA_UPLOAD_TOO_LARGE'],
  ];
  it.each(cases)('%s', async (_name, make, code) => {
    const before = await core.repos.recordings.list();
    const filesBefore = await filesUnder(t.dataDir);
    await expect(core.services.ingestRecording({ source: { buffer: make() }, originalName: 'bad.wav', meta: {} })).rejects.toMatchObject({ code, input: 'bad.wav' });
    expect((await core.repos.recordings.list()).total).toBe(before.total);
    expect(await filesUnder(t.dataDir)).toEqual(filesBefore);
  });

  it('metadata naming a channel the recording lacks', async () => {
    await expect(
      core.services.ingestRecording({ source: { buffer: makeWav({ channels: 1, freqHz: 700 }) }, originalName: 'mono.wav', meta: { channels: { agent: 0, customer: 1 } } }),
    ).rejects.toMatchObject({ code: 'CALLQA_AUDIO_CHANNELS_MISMATCH' });
  });

  it('invalid metadata', async () => {
    await expect(core.services.ingestRecording({ source: { buffer: makeWav({ freqHz: 710 }) }, originalName: 'm.wav', meta: { isStudent: 'yes' } })).rejects.toMatchObject({ code: 'CALLQA_META_INVALID' });
  });
});
