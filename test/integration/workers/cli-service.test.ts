import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BatchSummary, Core } from '../../../core/index.js';
import { hashApiKey } from '../../../core/index.js';
import { makeWav } from '../helpers/audio.js';
import { createTestEnv, type TestEnv } from '../helpers/core.js';
import { createFakeTranscriber, registerFakeTranscript } from '../helpers/fake-transcriber.js';
import { alertingTranscript, cleanTranscript } from './fixtures.js';

const run = promisify(execFile);
const CLI = fileURLToPath(new URL('../../../cli/main.ts', import.meta.url));
let t: TestEnv;
let core: Core;

async function callqa(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', CLI, ...args], { env: { ...process.env, ...t.env() } });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

beforeAll(async () => {
  t = await createTestEnv();
  core = await t.createTestCore();
});
afterAll(async () => {
  await t?.cleanup();
});

describe('callqa service commands', () => {
  it('keys create prints a cqa_ key once and stores only its hash', async () => {
    const r = await callqa(['keys', 'create', '--role', 'agency', '--agency', 'agency-9', '--name', 'ag9']);
    expect(r.code).toBe(0);
    const key = r.stdout.trim();
    expect(key).toMatch(/^cqa_[A-Za-z0-9_-]{43}$/);
    const [stored] = await core.repos.apiKeys.list();
    expect(stored).toMatchObject({ name: 'ag9', role: 'agency', agencyId: 'agency-9' });
    expect(await core.services.authenticate(key)).toMatchObject({ role: 'agency', agencyId: 'agency-9' });
    const { rows } = await t.db.pool.query<{ key_hash: string }>('SELECT key_hash FROM api_keys');
    expect(rows[0]?.key_hash).toBe(hashApiKey(key));
    expect(JSON.stringify(rows)).not.toContain(key);
    await expect(core.services.createApiKey({ role: 'agency' })).rejects.toMatchObject({ code: 'CALLQA_CONFIG_INVALID' });
  });

  it('enqueue stores a directory with a CSV manifest, skips stored content, reports bad files; batch-summary reports it', async () => {
    const dir = join(t.dataDir, 'incoming');
    await mkdir(dir, { recursive: true });
    const a = makeWav({ freqHz: 1200 });
    const b = makeWav({ freqHz: 1300 });
    await writeFile(join(dir, 'a.wav'), a);
    await writeFile(join(dir, 'b.wav'), b);
    await writeFile(join(dir, 'broken.wav'), 'not audio at all');
    await writeFile(join(dir, 'calls.csv'), 'file,agentId,agencyId,isStudent,daysOverdue\na.wav,A1,ag-1,false,10\nb.wav,A2,ag-2,true,3\n');

    const first = await callqa(['enqueue', dir, '--manifest', join(dir, 'calls.csv'), '--batch', 'night-1', '--json']);
    expect(first.code).toBe(2);
    const summary = JSON.parse(first.stdout) as { accepted: number; duplicates: number; failed: { file: string; code: string }[] };
    expect(summary).toMatchObject({ accepted: 2, duplicates: 0, failed: [{ file: join(dir, 'broken.wav'), code: 'CALLQA_AUDIO_UNDECODABLE' }] });
    const again = await callqa(['enqueue', join(dir, 'a.wav'), join(dir, 'b.wav'), '--json']);
    expect(JSON.parse(again.stdout)).toMatchObject({ accepted: 0, duplicates: 2, failed: [] });

    const { items } = await core.repos.recordings.list();
    expect(items.map((r) => [r.originalName, r.agentId, r.agencyId, r.isStudent, r.priority]).sort()).toEqual([
      ['a.wav', 'A1', 'ag-1', false, 'batch'],
      ['b.wav', 'A2', 'ag-2', true, 'batch'],
    ]);
    const counts = await core.queues.counts();
    expect(counts.transcribe.prioritized + counts.transcribe.waiting).toBe(2);

    // Process them in-process with the fake transcriber, then summarise.
    const fixtures = join(t.dataDir, 'fixtures.json');
    registerFakeTranscript(fixtures, a, alertingTranscript('a'));
    registerFakeTranscript(fixtures, b, cleanTranscript('b'));
    const worker = await t.createTestCore({ transcriber: createFakeTranscriber(fixtures) });
    for (const r of items) {
      const job = { recordingId: r.id, pipelineVersion: t.config.pipelineVersion };
      await worker.services.runTranscribeStage(job, { jobId: 'x', attempt: 1, maxAttempts: 1 });
      await worker.services.runAnalyzeStage(job, { jobId: 'y', attempt: 1, maxAttempts: 1 });
    }
    const json = await callqa(['batch-summary', '--batch', 'night-1']);
    expect(json.code).toBe(0);
    const s = JSON.parse(json.stdout) as BatchSummary;
    expect(s).toMatchObject({ calls: 2, scored: 2, failed: 0, pending: 0, finished: true });
    expect(s.byAgent.map((g) => [g.key, g.calls])).toEqual([['A1', 1], ['A2', 1]]);
    expect(s.findings.find((f) => f.category === 'impersonation')?.count).toBeGreaterThan(0);
    expect(s.byAgency.find((g) => g.key === 'ag-2')).toMatchObject({ findings: 0, averageScore: 100 });
    const csv = await callqa(['batch-summary', '--batch', 'night-1', '--format', 'csv']);
    expect(csv.stdout.split('\n')[0]).toBe('section,key,metric,value');
    expect(csv.stdout).toContain('agent,A1,calls,1');
    await expect(core.services.batchSummary('nope')).rejects.toMatchObject({ code: 'CALLQA_NOT_FOUND' });
  });

  it('reanalyze by date range prints old vs new findings per recording', async () => {
    const r = await callqa(['reanalyze', '--from', '2000-01-01', '--to', '2100-01-01', '--json']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { added: number; removed: number; oldScore: number; newScore: number });
    expect(lines).toHaveLength(2);
    for (const d of lines) expect(d).toMatchObject({ added: 0, removed: 0, oldScore: d.newScore });
  });

  it('migrate reports the schema version', async () => {
    const r = await callqa(['migrate']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('schema version 7 → 7 (nothing to do)');
  });
});
