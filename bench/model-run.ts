/**
 * One Whisper model's benchmark tasks in their own process (so peak memory is per model):
 *   node --import tsx bench/model-run.ts --model base --tasks asr,speed,detection [--quick] [--reuse] [--held-out] --result FILE
 * Writes a {@link ModelResults} JSON to FILE. Progress on stderr.
 */
import { parseArgs } from 'node:util';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseWhisperModel } from '../core/config/runtime.js';
import { createAnalyzer } from '../core/rules/analyze.js';
import { QUICK_CALL_IDS } from './corpus/index.js';
import { DEFAULT_CORPUS_DIR, readCorpusIndex } from './corpus/render.js';
import { scoreCer, aggregateCer } from './lib/cer.js';
import { DEFAULT_LONG_CALL_PATH } from './lib/long-call.js';
import { peakRssMb } from './lib/machine.js';
import { readManifest } from './lib/manifest.js';
import { toDetectionCall } from './lib/detection-call.js';
import { readKeptTranscript, writeKeptTranscript } from './lib/kept-transcripts.js';
import { openBenchPipeline, type BenchPipeline } from './lib/pipeline.js';
import { type CerSetResult, type DetectionCallResult, type ModelResults, type TaskRun } from './lib/results.js';

const QUICK_CLIPS = 3;

const { values } = parseArgs({
  options: {
    model: { type: 'string' },
    tasks: { type: 'string', default: 'asr,speed,detection' },
    quick: { type: 'boolean', default: false },
    result: { type: 'string' },
    corpus: { type: 'string' },
    /** Detection: take a call's kept transcript when its audio is unchanged (same call hash) instead of transcribing it. */
    reuse: { type: 'boolean', default: false },
    /** Detection: only the held-out calls (a model too slow for the whole corpus in the time at hand). */
    'held-out': { type: 'boolean', default: false },
  },
});
if (!values.model || !values.result) throw new Error('usage: model-run.ts --model tiny|base|small --tasks asr,speed,detection --result FILE');
const model = parseWhisperModel(values.model, '--model');
const tasks = new Set(values.tasks.split(','));
const quick = values.quick;
const log = (m: string): void => void process.stderr.write(`[${model}] ${m}\n`);

const loadStart = performance.now();
const pipeline = await openBenchPipeline(model);
const loadMs = Math.round(performance.now() - loadStart);
log(`model ${pipeline.modelId} loaded in ${loadMs} ms`);
const out: ModelResults = { model };
const run = <T>(data: T): TaskRun<T> => ({ measuredAt: new Date().toISOString(), peakRssMb: peakRssMb(), loadMs, modelId: pipeline.modelId, asrPrompt: pipeline.asrPrompt, quick, data });

async function cerSet(p: BenchPipeline, set: '16k' | 'tel8k'): Promise<CerSetResult> {
  const items = (await readManifest(set === '16k' ? 'manifest.tsv' : 'manifest-tel8k.tsv')).slice(0, quick ? QUICK_CLIPS : undefined);
  const clips = [];
  for (const item of items) {
    const started = performance.now();
    const t = await p.transcribe(item.path, { callId: item.name, channels: 'mono' });
    const wallMs = performance.now() - started;
    const hypothesis = t.segments.map((s) => s.text).join('');
    clips.push({ name: item.name, reference: item.reference, hypothesis, ...scoreCer(item.reference, hypothesis), audioMs: t.durationMs, wallMs: Math.round(wallMs) });
    log(`${set} ${item.name}: "${hypothesis}"`);
  }
  return {
    set,
    clips: clips.map(({ cer: _cer, ...c }) => c),
    cer: aggregateCer(clips),
    audioMs: clips.reduce((s, c) => s + c.audioMs, 0),
    wallMs: clips.reduce((s, c) => s + c.wallMs, 0),
  };
}

if (tasks.has('asr')) {
  // Warm-up on one clip, so the first measured clip does not pay for lazy initialisation.
  const [first] = await readManifest('manifest.tsv');
  if (first) await pipeline.transcribe(first.path, { callId: 'warm-up', channels: 'mono' });
  out.asr = run([await cerSet(pipeline, '16k'), await cerSet(pipeline, 'tel8k')]);
}

if (tasks.has('speed')) {
  const started = performance.now();
  const t = await pipeline.transcribe(DEFAULT_LONG_CALL_PATH, { callId: 'long-call-3min', channels: { agent: 0, customer: 1 } });
  const wallMs = Math.round(performance.now() - started);
  const chars = t.segments.filter((s) => s.trusted !== false).reduce((n, s) => n + [...s.text].length, 0);
  out.speed = run({ audioMs: t.durationMs, wallMs, segments: t.segments.length, chars });
  log(`3-min call: ${(t.durationMs / wallMs).toFixed(1)}× real time (${t.segments.length} segments, ${chars} chars)`);
}

if (tasks.has('detection')) {
  const dir = values.corpus ?? DEFAULT_CORPUS_DIR;
  const index = await readCorpusIndex(dir);
  if (!index) throw new Error(`corpus in ${dir} is missing or stale: run tsx scripts/generate-corpus.ts`);
  const analyzer = createAnalyzer();
  const calls: DetectionCallResult[] = [];
  const selected = quick ? index.calls.filter((c) => QUICK_CALL_IDS.includes(c.callId)) : values['held-out'] ? index.calls.filter((c) => c.heldOut) : index.calls;
  for (const [i, call] of selected.entries()) {
    const meta = { ...call.meta, callId: call.callId, channels: { agent: 0, customer: 1 } };
    const kept = values.reuse ? await readKeptTranscript(model, call, index, pipeline.asrPrompt) : undefined;
    const started = performance.now();
    const transcript = kept ?? (await pipeline.transcribe(join(dir, call.audio), meta));
    const wallMs = kept?.wallMs ?? Math.round(performance.now() - started);
    // Kept so `bench/run.ts --reanalyze` can re-score lexicon changes without transcribing again.
    if (!kept) await writeKeptTranscript(model, call, index, transcript, wallMs, pipeline.asrPrompt);
    const report = analyzer.analyze(transcript, meta, { asrModel: pipeline.modelId });
    calls.push(toDetectionCall(call.callId, transcript, report, wallMs));
    log(`detection [${i + 1}/${selected.length}] ${call.callId}${kept ? ' (kept transcript)' : ''}: ${report.findings.map((f) => f.category).join(', ') || 'no findings'} (${(transcript.durationMs / wallMs).toFixed(1)}×)`);
  }
  out.detection = run({ corpusHash: index.corpusHash, calls });
}

await pipeline.dispose();
await writeFile(values.result, JSON.stringify(out));
