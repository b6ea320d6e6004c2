/**
 * `npm run bench` — tsx bench/run.ts [--models tiny,base,small] [--only asr|speed|analysis|detection|<extra>] [--quick] [--reanalyze] [--reuse-transcripts] [--held-out-only]
 *
 * asr: CER and speed on ../shared/audio-zh (16 kHz and telephone sets), load time, peak memory;
 * speed: a 3-minute stereo call; detection: the labelled corpus (precision, recall, location,
 * every miss and false hit); analysis: transcripts analysed per second on one core. Each model
 * runs in its own process. Results are kept in bench/.cache/results, so `--only X` refreshes X
 * and BENCHMARKS.md keeps the rest. `--quick`: tiny only, a few clips and calls, prints and
 * writes nothing. `--reanalyze`: re-runs only the analysis over the transcripts the last
 * detection run kept (after a lexicon change; seconds instead of minutes). `--reuse-transcripts`:
 * detection transcribes only the corpus calls that are new or changed since their transcripts were
 * kept (after adding calls; never after an ASR change, whose effect it would hide).
 * `--held-out-only`: detection runs the held-out calls only (a slow model in the time at hand; its
 * row is marked partial and scores the held-out column only).
 */
import { readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadRuntimeConfig, parseWhisperModel, type WhisperModelName } from '../core/config/runtime.js';
import { DEFAULT_CORPUS_DIR, readCorpusIndex, renderCorpus, type CorpusIndex } from './corpus/render.js';
import { CORPUS_CALLS } from './corpus/index.js';
import { synthesizeTranscripts } from './lib/synthetic-transcripts.js';
import { buildAnalyzer } from './lib/build.js';
import { runBenchChild } from './lib/child.js';
import { scoreCorpus, type DetectionSummary, type PredictedFinding } from './lib/detection-score.js';
import { ensureLongCall } from './lib/long-call.js';
import { describeMachine } from './lib/machine.js';
import { reanalyzeDetection } from './lib/reanalyze.js';
import { renderBenchmarks } from './lib/report-md.js';
import { keepUnmeasured } from './lib/report-merge.js';
import { scoreScripts } from './lib/script-ceiling.js';
import { createAnalyzer } from '../core/rules/analyze.js';
import { loadResults, saveResults, type AnalysisResult, type ModelResults, type StoredResults } from './lib/results.js';
import { EXTRA_SECTIONS } from './sections/index.js';

const BUILT_IN = ['asr', 'speed', 'analysis', 'detection'] as const;
const MODEL_TASKS = new Set<string>(['asr', 'speed', 'detection']);
const ROOT = join(import.meta.dirname, '..');

const { values } = parseArgs({
  options: { models: { type: 'string' }, only: { type: 'string' }, quick: { type: 'boolean', default: false }, reanalyze: { type: 'boolean', default: false }, 'reuse-transcripts': { type: 'boolean', default: false }, 'held-out-only': { type: 'boolean', default: false } },
});
const quick = values.quick;
const models: WhisperModelName[] = (values.models ?? (quick ? 'tiny' : 'tiny,base,small')).split(',').map((m) => parseWhisperModel(m.trim(), '--models'));
const known = [...BUILT_IN, ...EXTRA_SECTIONS.map((s) => s.name)];
const only = values.only?.split(',').map((s) => s.trim());
for (const o of only ?? []) if (!known.includes(o)) throw new Error(`--only: unknown section "${o}" (expected ${known.join(', ')})`);
const wanted = new Set(only ?? (values.reanalyze ? ['detection'] : known));
const log = (m: string): void => void process.stderr.write(`${m}\n`);

const runtime = loadRuntimeConfig(process.env);
const machine = describeMachine();
const results: StoredResults = quick ? { models: {}, extra: {} } : await loadResults();
results.machine = machine;
const benchStart = Date.now();

let corpus: CorpusIndex | undefined = await readCorpusIndex();
if (wanted.has('detection') && !corpus) {
  log(`rendering the detection corpus into ${DEFAULT_CORPUS_DIR} …`);
  corpus = await renderCorpus({ ffmpegPath: runtime.ffmpegPath, onProgress: log });
}
if (wanted.has('speed')) await ensureLongCall(runtime.ffmpegPath);

if (values.reanalyze) {
  // Lexicon/rule changes: re-score the stored transcripts of the last detection run, no ASR.
  if (!corpus) throw new Error('--reanalyze: no rendered corpus');
  for (const model of models) {
    const detection = await reanalyzeDetection(model, results.models[model], corpus);
    results.models[model] = { ...(results.models[model] ?? { model }), ...(detection ? { detection } : {}) };
    log(`── whisper-${model}: re-analysed ${detection?.data.calls.length ?? 0} stored transcripts`);
  }
  wanted.delete('detection');
  if (!quick) await saveResults(results);
}

const tasks = [...wanted].filter((t) => MODEL_TASKS.has(t));
if (tasks.length > 0) {
  for (const model of models) {
    const t0 = Date.now();
    log(`── whisper-${model}: ${tasks.join(', ')}`);
    const r = await runBenchChild<ModelResults>(join(import.meta.dirname, 'model-run.ts'), ['--model', model, '--tasks', tasks.join(','), ...(quick ? ['--quick'] : []), ...(values['reuse-transcripts'] ? ['--reuse'] : []), ...(values['held-out-only'] ? ['--held-out'] : [])]);
    results.models[model] = { ...results.models[model], ...r };
    log(`── whisper-${model} done in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    if (!quick) await saveResults(results);
  }
}

if (wanted.has('analysis')) {
  log('── analysis speed');
  const file = join(tmpdir(), `callqa-bench-transcripts-${process.pid}.json`);
  await writeFile(file, JSON.stringify(synthesizeTranscripts(CORPUS_CALLS, 40)));
  try {
    // Workers run the compiled build, not the sources through a loader: measure what they run.
    const analyzer = await buildAnalyzer(log);
    results.analysis = await runBenchChild<AnalysisResult>(join(import.meta.dirname, 'analysis-run.ts'), ['--transcripts', file, '--analyzer', analyzer, ...(quick ? ['--quick'] : [])]);
  } finally {
    await rm(file, { force: true });
  }
  if (!quick) await saveResults(results);
}

for (const section of EXTRA_SECTIONS) {
  if (!wanted.has(section.name)) continue;
  log(`── ${section.name}`);
  const measured = await section.run({ models, quick, log, corpusDir: DEFAULT_CORPUS_DIR });
  if (!measured) continue;
  results.extra[section.name] = { measuredAt: new Date().toISOString(), markdown: measured.markdown };
  if (!quick) await saveResults(results);
}

/**
 * Scores each model's stored detection run against the current corpus labels (stale runs are
 * skipped), over the calls `include` keeps (all by default).
 */
function scoreDetection(
  stored: StoredResults,
  idx: CorpusIndex | undefined,
  include: (call: CorpusIndex['calls'][number]) => boolean = () => true,
): Partial<Record<WhisperModelName, DetectionSummary>> {
  const out: Partial<Record<WhisperModelName, DetectionSummary>> = {};
  if (!idx) return out;
  const kept = new Set(idx.calls.filter(include).map((c) => c.callId));
  for (const [model, r] of Object.entries(stored.models) as [WhisperModelName, ModelResults][]) {
    const run = r.detection;
    if (!run || run.data.corpusHash !== idx.corpusHash) continue;
    const ran = new Set(run.data.calls.map((c) => c.callId).filter((id) => kept.has(id)));
    const expected = idx.calls.filter((c) => ran.has(c.callId)).flatMap((c) => c.expected);
    const predicted: PredictedFinding[] = run.data.calls
      .filter((c) => ran.has(c.callId))
      .flatMap((c) => c.findings.map((f) => ({ callId: c.callId, category: f.category, startMs: f.startMs, endMs: f.endMs, ruleId: f.ruleId, evidence: f.evidence })));
    out[model] = scoreCorpus(expected, predicted);
  }
  return out;
}

/** The lexicons scored on the scripts themselves, tuning and held-out calls apart (one analyzer). */
function scriptCeiling(idx: CorpusIndex): Record<'tuning' | 'heldOut', DetectionSummary> {
  const analyzer = createAnalyzer();
  return { tuning: scoreScripts(idx, (c) => !c.heldOut, analyzer), heldOut: scoreScripts(idx, (c) => c.heldOut === true, analyzer) };
}

const markdown = renderBenchmarks({
  machine,
  results,
  corpus,
  detection: scoreDetection(results, corpus),
  detectionSplit: {
    tuning: scoreDetection(results, corpus, (c) => !c.heldOut),
    heldOut: scoreDetection(results, corpus, (c) => c.heldOut === true),
  },
  ...(corpus ? { scriptCeiling: scriptCeiling(corpus) } : {}),
});
process.stdout.write(markdown);
if (!quick) {
  // Sections this run has no results for (a fresh clone's empty cache, `--only`) keep their committed text.
  const previous = await readFile(join(ROOT, 'BENCHMARKS.md'), 'utf8').catch(() => undefined);
  await writeFile(join(ROOT, 'BENCHMARKS.md'), keepUnmeasured(markdown, previous));
  log(`BENCHMARKS.md written (${((Date.now() - benchStart) / 60_000).toFixed(1)} min)`);
}
