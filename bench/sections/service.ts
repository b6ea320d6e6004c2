/**
 * `service` section: batch throughput per worker process (tiny, base, …) and alert latency for
 * 60-second calls (base), through the real service path — ingest → BullMQ on the local Redis →
 * one spawned worker process (sandboxed transcribe, concurrency 1, + analyze) → PostgreSQL →
 * alert stream. Each model gets its own database `callqa_bench_<random>`, queue prefix and data
 * directory, dropped at the end (also on failure).
 */
import type { WhisperModelName } from '../../core/config/runtime.js';
import { renderServiceCall, renderServiceCallOfLength, serviceCallScript, type ServiceCall } from '../lib/service-calls.js';
import { createServiceBenchEnv } from '../lib/service-env.js';
import { measureAlertLatency, measureThroughput, percentile, warmUp, type LatencySample, type ThroughputResult } from '../lib/service-measure.js';
import type { ExtraBenchSection, ExtraSectionContext } from './index.js';

/** Targets from the service issue (2-core machine). */
const LATENCY_P95_TARGET_MS = 15_000;
const OVERHEAD_TARGET = 0.05;
/** Batch call length; `BENCH_SERVICE_CALL_S` overrides (e.g. to shorten a full run). */
const BATCH_CALL_MS = 1000 * Number(process.env.BENCH_SERVICE_CALL_S ?? 25);
const LATENCY_CALL_MS = 60_000;

const s1 = (ms: number): string => (ms / 1000).toFixed(1);

async function renderSet(prefix: string, count: number, seedBase: number, targetMs: number, alert: boolean, log: (m: string) => void): Promise<ServiceCall[]> {
  const calls: ServiceCall[] = [];
  for (let i = 0; i < count; i++) {
    calls.push(await renderServiceCallOfLength(`${prefix}-${String(i + 1).padStart(3, '0')}`, seedBase + i, targetMs, alert));
    if ((i + 1) % 20 === 0 || i + 1 === count) log(`service: ${prefix} calls ${i + 1}/${count} ready`);
  }
  return calls;
}

interface ModelRun {
  model: WhisperModelName;
  warmUpMs: number;
  throughput: ThroughputResult;
  latency?: LatencySample[];
}

function throughputRow(r: ModelRun): string {
  const t = r.throughput;
  const callsPerHour = (t.calls - t.failed) / (t.wallMs / 3_600_000);
  const overheadMs = Math.max(0, t.wallMs - t.transcribeMs);
  const overhead = overheadMs / t.wallMs;
  const verdict = overhead < OVERHEAD_TARGET ? 'meets' : 'misses';
  return `| ${r.model} | ${t.calls}${t.failed ? ` (${t.failed} failed)` : ''} | ${Math.round(callsPerHour)} | ${(t.audioMs / t.wallMs).toFixed(1)} | ${s1(t.wallMs)} | ${s1(t.transcribeMs)} (${((100 * t.transcribeMs) / t.wallMs).toFixed(1)} %) | ${s1(overheadMs)} (**${(100 * overhead).toFixed(1)} %**, ${verdict} < 5 %) | ${s1(t.analyzeMs)} | ${s1(t.enqueueMs)} | ${s1(r.warmUpMs)} |`;
}

function latencyLines(model: WhisperModelName, samples: LatencySample[]): string[] {
  const hits = samples.filter((s) => s.latencyMs !== undefined).map((s) => s.latencyMs as number);
  const misses = samples.filter((s) => s.latencyMs === undefined);
  const asr = samples.filter((s) => s.transcribeMs !== undefined).map((s) => s.transcribeMs as number);
  const asrMean = asr.length ? `${s1(asr.reduce((a, b) => a + b, 0) / asr.length)} s` : '–';
  const avgAudio = samples.reduce((a, s) => a + s.audioMs, 0) / samples.length;
  const lines = ['| model | calls (mean length) | alerts | misses | p50 | p95 | max | mean transcribe stage | target p95 |', '| --- | --- | --- | --- | --- | --- | --- | --- | --- |'];
  if (hits.length === 0) {
    lines.push(`| ${model} | ${samples.length} (${s1(avgAudio)} s) | 0 | ${misses.length} | – | – | – | ${asrMean} | < 15 s: not measured |`);
  } else {
    const p95 = percentile(hits, 95);
    lines.push(
      `| ${model} | ${samples.length} (${s1(avgAudio)} s) | ${hits.length} | ${misses.length} | ${s1(percentile(hits, 50))} s | **${s1(p95)} s** | ${s1(Math.max(...hits))} s | ${asrMean} | < 15 s: ${p95 < LATENCY_P95_TARGET_MS ? 'meets' : 'misses'} |`,
    );
  }
  if (misses.length) lines.push('');
  for (const m of misses) lines.push(`- miss: ${m.call}: no alert; found ${m.found ?? '?'}; heard around the threat: ${m.heard ?? '?'}`);
  return lines;
}

async function runModel(model: WhisperModelName, batch: readonly ServiceCall[], warm: ServiceCall, latencyCalls: readonly ServiceCall[] | undefined, log: (m: string) => void): Promise<ModelRun> {
  const env = await createServiceBenchEnv();
  try {
    log(`service: ${model}: database ${env.dbName}, prefix ${env.prefix}; starting one worker process`);
    const worker = env.startWorker(model);
    const warmUpMs = await warmUp(env.core, worker, warm);
    log(`service: ${model}: worker warm (first call incl. model load ${s1(warmUpMs)} s); enqueueing ${batch.length} calls`);
    const throughput = await measureThroughput(env.core, worker, batch);
    log(`service: ${model}: ${batch.length} calls in ${s1(throughput.wallMs)} s (transcribe Σ ${s1(throughput.transcribeMs)} s)`);
    const run: ModelRun = { model, warmUpMs, throughput };
    if (latencyCalls) run.latency = await measureAlertLatency(env.core, worker, latencyCalls, log);
    return run;
  } finally {
    await env.cleanup();
  }
}

export const serviceSection: ExtraBenchSection = {
  name: 'service',
  async run({ models, quick, log }: ExtraSectionContext) {
    const nBatch = Number(process.env.BENCH_SERVICE_CALLS ?? (quick ? 8 : 100));
    if (!Number.isInteger(nBatch) || nBatch < 1 || !(BATCH_CALL_MS >= 5000)) throw new Error('BENCH_SERVICE_CALLS must be a positive integer and BENCH_SERVICE_CALL_S ≥ 5');
    const nLatency = quick ? 3 : 10;
    // Latency is specified for base; without base (e.g. --quick --models tiny) the first model stands in.
    const latencyModel: WhisperModelName = models.includes('base') ? 'base' : (models[0] as WhisperModelName);
    const batch = await renderSet('batch', nBatch, 1000, BATCH_CALL_MS, false, log);
    const latencyCalls = await renderSet('alert', nLatency, 5000, LATENCY_CALL_MS, true, log);
    const runs: ModelRun[] = [];
    for (const [i, model] of models.entries()) {
      const warm = await renderServiceCall(`warmup-${model}`, serviceCallScript(9000 + i, BATCH_CALL_MS));
      runs.push(await runModel(model, batch, warm, model === latencyModel ? latencyCalls : undefined, log));
    }

    const avgBatchMs = batch.reduce((a, c) => a + c.durationMs, 0) / batch.length;
    const md: string[] = [
      `Real service path on the local PostgreSQL and Redis: \`services.ingestRecording\` → BullMQ → one worker process per model (\`workers/main.ts\`: sandboxed transcribe, concurrency 1, + analyze) → PostgreSQL → alert stream. Each model has its own database and queue prefix, and its worker is warmed with one call first (model loaded) before timing.${quick ? ' **Quick run** (fewer calls): indicative only.' : ''}`,
      '',
      `### Batch throughput (${nBatch} generated calls, ${s1(avgBatchMs)} s each on average, stereo 8 kHz μ-law, syllable voice, priority batch)`,
      '',
      'Wall = first enqueue → last `scored`. ASR = Σ transcribe stage durations (decode + VAD + Whisper + transcript write; transcribe runs one at a time). Overhead = wall − ASR: queueing, job hand-off, database and the analyze stage that is not hidden behind the next transcription. Target: overhead < 5 % of the time.',
      '',
      '| model | calls | calls/hour/worker | audio h per wall h | wall s | ASR s (% of wall) | queue + DB overhead s | analyze Σ s | enqueue all s | warm-up s |',
      '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
      ...runs.map(throughputRow),
    ];
    const lat = runs.find((r) => r.latency);
    if (lat?.latency) {
      md.push(
        '',
        `### Alert latency (${lat.model}${lat.model === 'base' ? '' : ', standing in for base (not in --models)'}: ${lat.latency.length} calls of ≈ 60 s, one at a time, warm worker)`,
        '',
        'Upload accepted (ingest returned) → alert delivered to a `events.subscribeAlerts` subscriber. Each call has a contact-list threat by the agent and suicide talk by the customer mid-call; a call scored without an alert is a miss (ASR did not hear the phrase), not a latency. Target: p95 < 15 s. p95 of ≤ 20 samples is the maximum (nearest rank).',
        '',
        ...latencyLines(lat.model, lat.latency),
      );
    }
    return { markdown: md.join('\n') };
  },
};
