/**
 * The two service measurements on a running worker process: batch throughput (enqueue N calls,
 * time first enqueue → last `scored`, split into ASR vs queue/DB overhead from stage_runs) and
 * alert latency (upload accepted → alert delivered to a subscriber, one call at a time).
 */
import type { Alert, Core } from '../../core/index.js';
import type { ServiceCall } from './service-calls.js';
import type { WorkerProcess } from './service-env.js';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function meta(callId: string, agencyId: string): Record<string, unknown> {
  return { callId, agentId: 'A-bench', agencyId, channels: { agent: 0, customer: 1 }, calleeRole: 'debtor', startedAt: '2026-11-20T10:30:00+08:00' };
}

/** Waits until every recording is `scored` or `failed`; throws when the worker died or `timeoutMs` passed. */
async function waitDone(core: Core, ids: readonly string[], worker: WorkerProcess, timeoutMs: number, pollMs = 100): Promise<{ scored: number; failed: number }> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const { rows } = await core.pool.query<{ status: string; n: string }>('SELECT status, count(*) AS n FROM recordings WHERE id = ANY($1) GROUP BY status', [ids]);
    const count = (s: string): number => Number(rows.find((r) => r.status === s)?.n ?? 0);
    const scored = count('scored');
    const failed = count('failed');
    if (scored + failed >= ids.length) return { scored, failed };
    if (worker.exited()) throw new Error(`worker process (${worker.model}) exited: ${worker.stderrTail()}`);
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms: ${scored + failed}/${ids.length} done; worker stderr: ${worker.stderrTail()}`);
    await sleep(pollMs);
  }
}

/** Runs one call through the worker (loads the model in the sandboxed child); returns its wall ms. */
export async function warmUp(core: Core, worker: WorkerProcess, call: ServiceCall): Promise<number> {
  const t0 = performance.now();
  const { recording } = await core.services.ingestRecording({ source: { path: call.path }, originalName: `${call.name}.wav`, meta: meta(call.name, 'bench-warmup'), priority: 'realtime' });
  const { failed } = await waitDone(core, [recording.id], worker, 600_000, 200);
  if (failed > 0) throw new Error(`warm-up call failed on ${worker.model}: ${worker.stderrTail()}`);
  return performance.now() - t0;
}

export interface ThroughputResult {
  calls: number;
  failed: number;
  audioMs: number;
  wallMs: number;
  /** Time to enqueue all calls (ingest: spool, hash, insert, enqueue). */
  enqueueMs: number;
  /** Σ transcribe stage durations (decode + VAD + Whisper + transcript write). */
  transcribeMs: number;
  /** Σ analyze stage durations (rules + findings write; overlaps the next transcription). */
  analyzeMs: number;
}

/** Enqueues every call as a batch, times first enqueue → last scored, reads stage durations. */
export async function measureThroughput(core: Core, worker: WorkerProcess, calls: readonly ServiceCall[]): Promise<ThroughputResult> {
  const ids: string[] = [];
  const t0 = performance.now();
  for (const call of calls) {
    const r = await core.services.ingestRecording({ source: { path: call.path }, originalName: `${call.name}.wav`, meta: meta(call.name, 'bench-batch'), priority: 'batch' });
    if (r.duplicate) throw new Error(`${call.name}: duplicate content, calls must be distinct`);
    ids.push(r.recording.id);
  }
  const enqueueMs = performance.now() - t0;
  const { failed } = await waitDone(core, ids, worker, 4 * 3600_000);
  const wallMs = performance.now() - t0;
  const { rows } = await core.pool.query<{ stage: string; ms: string | null }>(
    'SELECT stage, sum(duration_ms) AS ms FROM stage_runs WHERE recording_id = ANY($1) GROUP BY stage',
    [ids],
  );
  const stageMs = (s: string): number => Number(rows.find((r) => r.stage === s)?.ms ?? 0);
  return {
    calls: calls.length,
    failed,
    audioMs: calls.reduce((a, c) => a + c.durationMs, 0),
    wallMs,
    enqueueMs,
    transcribeMs: stageMs('transcribe'),
    analyzeMs: stageMs('analyze'),
  };
}

export interface LatencySample {
  call: string;
  audioMs: number;
  /** Upload accepted → alert delivered; undefined for a miss (no alert raised). */
  latencyMs?: number;
  /** The call's transcribe stage duration (how much of the latency is ASR). */
  transcribeMs?: number;
  /** What the analysis found when no alert came (categories), for the miss list. */
  found?: string;
  /** What ASR heard around the alerting turns, for a miss. */
  heard?: string;
}

/**
 * Submits each call alone (priority realtime) and waits for its alert on
 * `core.events.subscribeAlerts`; a call scored without an alert (ASR missed the phrase) is a miss.
 */
export async function measureAlertLatency(core: Core, worker: WorkerProcess, calls: readonly ServiceCall[], log: (m: string) => void): Promise<LatencySample[]> {
  const agencyId = 'bench-latency';
  const arrivals = new Map<string, number>();
  const waiters = new Map<string, () => void>();
  const stop = await core.events.subscribeAlerts({ agencyId }, (a: Alert) => {
    if (!arrivals.has(a.recordingId)) arrivals.set(a.recordingId, performance.now());
    waiters.get(a.recordingId)?.();
  });
  const samples: LatencySample[] = [];
  try {
    for (const call of calls) {
      const { recording, duplicate } = await core.services.ingestRecording({ source: { path: call.path }, originalName: `${call.name}.wav`, meta: meta(call.name, agencyId), priority: 'realtime' });
      const acceptedAt = performance.now();
      if (duplicate) throw new Error(`${call.name}: duplicate content`);
      const alerted = new Promise<void>((resolve) => {
        if (arrivals.has(recording.id)) resolve();
        waiters.set(recording.id, resolve);
      });
      // Done when the alert arrives, or when the call is scored/failed and 5 s more brought none.
      const settled = waitDone(core, [recording.id], worker, 600_000, 250).then(() => Promise.race([alerted, sleep(5000)]));
      await Promise.race([alerted, settled]);
      waiters.delete(recording.id);
      const at = arrivals.get(recording.id);
      const run = (await core.repos.stageRuns.list(recording.id)).find((r) => r.stage === 'transcribe');
      const transcribeMs = run?.durationMs ?? undefined;
      if (at !== undefined) {
        samples.push({ call: call.name, audioMs: call.durationMs, latencyMs: at - acceptedAt, ...(transcribeMs !== undefined ? { transcribeMs } : {}) });
        log(`service: ${call.name} alert after ${Math.round(at - acceptedAt)} ms (transcribe ${transcribeMs ?? '?'} ms)`);
      } else {
        const current = await core.repos.analyses.getCurrent(recording.id);
        const found = current ? current.findings.map((f) => `${f.category}/${f.severity}`).join(', ') || 'no findings' : 'not analysed';
        const span = call.alertSpanMs;
        const transcript = await core.repos.transcripts.get(recording.id);
        const heard = (transcript?.segments ?? [])
          .filter((g) => span && g.endMs > span.startMs - 500 && g.startMs < span.endMs + 500)
          .map((g) => `${g.speaker === 'agent' ? 'A' : 'C'}: ${g.text}`)
          .join(' / ');
        samples.push({ call: call.name, audioMs: call.durationMs, found, heard: heard || 'nothing', ...(transcribeMs !== undefined ? { transcribeMs } : {}) });
        log(`service: ${call.name} MISS (${found}; heard ${heard || 'nothing'})`);
      }
    }
  } finally {
    stop();
  }
  return samples;
}

/** Nearest-rank percentile of a non-empty list. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] as number;
}
