import { WHISPER_MODELS, type WhisperModelName } from '../../core/config/runtime.js';
import { CATEGORIES } from '../../core/domain/report.js';
import { CORPUS_VOICES, type CorpusIndex } from '../corpus/render.js';
import type { DetectionSummary, ExpectedFinding } from './detection-score.js';
import { corpusCer } from './corpus-cer.js';
import { ACOUSTIC_CATEGORIES } from './script-ceiling.js';
import type { MachineInfo } from './machine.js';
import { PLAIN_PIPELINE, TARGETS } from './reference.js';
import type { DetectionCallResult, StoredResults } from './results.js';

export interface ReportInput {
  machine: MachineInfo;
  results: StoredResults;
  corpus: CorpusIndex | undefined;
  detection: Partial<Record<WhisperModelName, DetectionSummary>>;
  /** The same scored over the tuning calls and over the held-out calls alone. */
  detectionSplit?: Record<'tuning' | 'heldOut', Partial<Record<WhisperModelName, DetectionSummary>>>;
  /** The scripts analysed as perfect transcripts (text categories only), tuning and held-out calls. */
  scriptCeiling?: Record<'tuning' | 'heldOut', DetectionSummary>;
}

const pct = (x: number | null | undefined): string => (x === null || x === undefined ? '–' : x.toFixed(3));
const times = (audioMs: number, wallMs: number): string => (wallMs > 0 ? `${(audioMs / wallMs).toFixed(1)}×` : '–');
const clock = (ms: number): string => `${Math.floor(ms / 60_000)}:${String(Math.floor((ms % 60_000) / 1000)).padStart(2, '0')}.${Math.floor((ms % 1000) / 100)}`;
const esc = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const status = (ok: boolean | undefined): string => (ok === undefined ? 'not measured' : ok ? '**met**' : '**missed**');
const date = (iso: string | undefined): string => (iso ? iso.slice(0, 16).replace('T', ' ') : '–');

/** The words transcribed around a span (segments overlapping it, ±1 s), speaker-tagged. */
export function heardAround(call: DetectionCallResult | undefined, span: { startMs: number; endMs: number }, speaker?: string): string {
  if (!call) return '(call not run)';
  const segs = call.segments.filter((s) => s.startMs <= span.endMs + 1000 && s.endMs >= span.startMs - 1000 && (speaker === undefined || s.speaker === speaker));
  if (segs.length === 0) return '(nothing transcribed there)';
  return segs.map((s) => `${s.speaker === 'agent' ? 'A' : s.speaker === 'customer' ? 'C' : '?'}: ${s.text}${s.trusted ? '' : ' [untrusted]'}`).join(' / ');
}

function summaryRows(input: ReportInput): string[] {
  const { results, detection } = input;
  const rows: string[] = ['| target | goal | result | status |', '| --- | --- | --- | --- |'];
  for (const [model, goal] of Object.entries(TARGETS.speed) as [WhisperModelName, number][]) {
    const s = results.models[model]?.speed?.data;
    rows.push(`| whisper-${model} speed, 3-min stereo call | ≥ ${goal}× real time | ${s ? times(s.audioMs, s.wallMs) : '–'} | ${status(s ? s.audioMs / s.wallMs >= goal : undefined)} |`);
  }
  for (const [model, goal] of Object.entries(TARGETS.cer16k) as [WhisperModelName, number][]) {
    const c = results.models[model]?.asr?.data.find((x) => x.set === '16k');
    const quick = results.models[model]?.asr?.quick;
    rows.push(`| whisper-${model} CER, 16 kHz set | ≤ ${goal} (plain pipeline) | ${c ? pct(c.cer) : '–'}${quick ? ' (quick subset)' : ''} | ${status(c ? c.cer <= goal : undefined)} |`);
  }
  const a = results.analysis;
  rows.push(`| analysis, 3-min transcripts per second, one core | ≥ ${TARGETS.analysisPerSecond} | ${a ? a.perSecond.toFixed(0) : '–'} | ${status(a ? a.perSecond >= TARGETS.analysisPerSecond : undefined)} |`);
  const d = detection[TARGETS.detection.model];
  rows.push(`| detection precision, whisper-${TARGETS.detection.model} | ≥ ${TARGETS.detection.precision} | ${pct(d?.micro.precision)} | ${status(d ? (d.micro.precision ?? 0) >= TARGETS.detection.precision : undefined)} |`);
  rows.push(`| detection recall, whisper-${TARGETS.detection.model} | ≥ ${TARGETS.detection.recall} | ${pct(d?.micro.recall)} | ${status(d ? (d.micro.recall ?? 0) >= TARGETS.detection.recall : undefined)} |`);
  return rows;
}

/** Which Whisper prompt the runs behind a table used (`CALLQA_ASR_PROMPT`). */
function promptLine(runs: readonly ({ asrPrompt?: string } | undefined)[]): string {
  const prompts = [...new Set(runs.filter((r) => r !== undefined).map((r) => r.asrPrompt))];
  const say = (p: string | undefined): string => (p === undefined ? 'not recorded (before prompts)' : p === '' ? 'none' : `"${p}"`);
  return `Whisper prompt (\`CALLQA_ASR_PROMPT\`): ${prompts.length === 0 ? '–' : prompts.map(say).join('; ')}.`;
}

function asrSection(results: StoredResults): string[] {
  if (!WHISPER_MODELS.some((m) => results.models[m]?.asr || results.models[m]?.speed)) return [];
  const lines = [
    '## ASR: accuracy, speed, memory',
    '',
    'callqa\'s own pipeline (ffmpeg decode per channel → Silero VAD → speech packed into ≤ 30 s windows → Whisper q8 → normalisation), each manifest clip transcribed whole, as a mono recording. CER = edit distance / reference characters after converting both sides to Simplified and stripping punctuation and spaces, summed over the set. Speed = audio seconds / wall seconds (decode and VAD included). "plain" = the plain transformers.js pipeline measured in `../shared/research/models.md`. Peak RSS is the model\'s own benchmark process (VmHWM).',
    '',
    promptLine(WHISPER_MODELS.flatMap((m) => [results.models[m]?.asr, results.models[m]?.speed])),
    '',
    '| model | CER 16 kHz | CER tel 8 kHz | plain CER 16k / tel | speed, short clips | speed, 3-min stereo call | plain speed short / 40 s | load | peak RSS | plain RSS |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const model of WHISPER_MODELS) {
    const r = results.models[model];
    if (!r?.asr && !r?.speed) continue;
    const p = PLAIN_PIPELINE[model];
    const c16 = r.asr?.data.find((x) => x.set === '16k');
    const c8 = r.asr?.data.find((x) => x.set === 'tel8k');
    const clipAudio = (c16?.audioMs ?? 0) + (c8?.audioMs ?? 0);
    const clipWall = (c16?.wallMs ?? 0) + (c8?.wallMs ?? 0);
    const rss = Math.max(r.asr?.peakRssMb ?? 0, r.speed?.peakRssMb ?? 0, r.detection?.peakRssMb ?? 0);
    const load = r.asr?.loadMs ?? r.speed?.loadMs;
    lines.push(
      `| whisper-${model}${r.asr?.quick ? ' (quick)' : ''} | ${pct(c16?.cer)} | ${pct(c8?.cer)} | ${p.cer16k} / ${p.cerTel8k} | ${c16 ? times(clipAudio, clipWall) : '–'} | ${r.speed ? times(r.speed.data.audioMs, r.speed.data.wallMs) : '–'} | ${p.speedShort}× / ${p.speedLong}× | ${load === undefined ? '–' : `${(load / 1000).toFixed(1)} s`} | ${rss ? `${(rss / 1024).toFixed(2)} GB` : '–'} | ${p.rssGb} GB |`,
    );
  }
  lines.push('', 'The 3-minute stereo call is built from the real speech of `../shared/audio-zh` (the 40 s long-form reading in 4–9 s pieces on the agent channel, the seven manifest clips answering on the customer channel, 0.4–1.2 s pauses), encoded 8 kHz μ-law telephone band like a call-centre recording.', '');
  for (const model of WHISPER_MODELS) {
    const sets = results.models[model]?.asr?.data;
    if (!sets) continue;
    lines.push(`<details><summary>whisper-${model}: what was heard, clip by clip (measured ${date(results.models[model]?.asr?.measuredAt)})</summary>`, '', '| set | clip | CER | reference | heard |', '| --- | --- | --- | --- | --- |');
    for (const s of sets) for (const c of s.clips) lines.push(`| ${s.set} | ${c.name} | ${(c.edits / c.refChars).toFixed(2)} | ${esc(c.reference)} | ${esc(c.hypothesis)} |`);
    lines.push('', '</details>', '');
  }
  return lines;
}

function analysisSection(results: StoredResults): string[] {
  const a = results.analysis;
  if (!a) return [];
  return [
    '## Analysis speed',
    '',
    `${a.transcripts} synthetic 3-minute transcripts (≈ ${a.segmentsPerTranscript.toFixed(0)} segments each, made from the corpus dialogues, ${a.findingsPerTranscript.toFixed(1)} findings per transcript on average) analysed in a synchronous loop on the main thread (one core), lexicons and policies loaded once, ${a.code === 'build' ? 'in the compiled build a `callqa worker` runs' : 'in the TypeScript sources through the tsx loader'}: **${a.perSecond.toFixed(0)} transcripts per second** (${a.iterations} analyses in ${(a.wallMs / 1000).toFixed(1)} s${a.quick ? ', quick run' : ''}). Target ≥ ${TARGETS.analysisPerSecond}.`,
    '',
  ];
}

function corpusDescription(corpus: CorpusIndex): string[] {
  const clean = corpus.calls.filter((c) => c.expected.length === 0).length;
  const audioS = corpus.calls.reduce((s, c) => s + c.durationMs, 0) / 1000;
  const counts = new Map<string, number>();
  for (const c of corpus.calls) for (const e of c.expected) counts.set(e.category, (counts.get(e.category) ?? 0) + 1);
  return [
    `Corpus: ${corpus.calls.length} synthetic stereo calls (${clean} clean, full of allowed look-alikes), ${(audioS / 60).toFixed(1)} minutes, ${corpus.calls.reduce((s, c) => s + c.expected.length, 0)} labelled findings; scripts and labels in \`bench/corpus/\`, audio rendered by \`scripts/generate-corpus.ts\` (agent: Ekho ${CORPUS_VOICES.agentBank} syllable voice; customer: ${CORPUS_VOICES.customerBank} ${-CORPUS_VOICES.customerPitchCents} cents lower; tempo ×${CORPUS_VOICES.tempo}; 8 kHz μ-law telephone band; never committed). Labels per category: ${CATEGORIES.map((c) => `${c} ${counts.get(c) ?? 0}`).join(', ')}.`,
    '',
    'Matching: a predicted finding matches a label of the same call and category; it is *located* when its span overlaps the labelled turn or lies within 1 s of it (whole-call categories: any time). A second prediction on an already matched label is a duplicate (counted apart, not a false hit). Precision and recall count matches whether located or not; location accuracy = located matches / matches.',
    '',
  ];
}

function detectionSection(input: ReportInput): string[] {
  const { corpus, detection, results } = input;
  const models = WHISPER_MODELS.filter((m) => detection[m]);
  if (models.length === 0 || !corpus) return [];
  const lines = ['## Detection benchmark', '', ...corpusDescription(corpus), promptLine(models.map((m) => results.models[m]?.detection)), ''];
  lines.push('| model | calls | precision | recall | F1 | location accuracy | TP | false hits | misses | duplicates | pipeline speed | corpus CER agent / customer |', '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const m of models) {
    const d = detection[m] as DetectionSummary;
    const run = results.models[m]?.detection;
    const audio = run?.data.calls.reduce((s, c) => s + c.audioMs, 0) ?? 0;
    const wall = run?.data.calls.reduce((s, c) => s + c.wallMs, 0) ?? 0;
    const ran = run?.data.calls.length ?? 0;
    const cer = corpusCer(run?.data.calls ?? [], corpus.calls);
    lines.push(`| whisper-${m}${ran < corpus.calls.length ? ' (partial)' : ''} | ${ran} of ${corpus.calls.length} | ${pct(d.micro.precision)} | ${pct(d.micro.recall)} | ${pct(d.micro.f1)} | ${pct(d.locationAccuracy)} | ${d.micro.truePositives} | ${d.micro.falsePositives} | ${d.micro.falseNegatives} | ${d.duplicates} | ${times(audio, wall)} | ${cer ? `${pct(cer.agent)} / ${pct(cer.customer)}` : '–'} |`);
  }
  lines.push('', 'Corpus CER: what the model heard on each side of the corpus calls against their scripts (the `asr` section\'s measure; Whisper writes numbers as digits where the scripts spell them, which counts against it). Compare it with the model\'s CER on real telephone speech above to see whether the synthetic voice is harder to hear than a real one.');
  lines.push(...splitTable(input, models));
  lines.push('', '### Per category (precision / recall, expected count)', '', `| category | ${models.map((m) => `whisper-${m}`).join(' | ')} |`, `| --- | ${models.map(() => '---').join(' | ')} |`);
  for (const c of CATEGORIES) {
    const cells = models.map((m) => {
      const s = detection[m]?.perCategory[c];
      return s ? `${pct(s.precision)} / ${pct(s.recall)} (${s.expected})` : '– / – (0)';
    });
    lines.push(`| ${c} | ${cells.join(' | ')} |`);
  }
  for (const m of models) lines.push('', ...missList(m, detection[m] as DetectionSummary, input));
  return lines;
}

/** Tuning calls against held-out calls: how far the lexicons carry to wording they were not fitted to. */
function splitTable(input: ReportInput, models: readonly WhisperModelName[]): string[] {
  const split = input.detectionSplit;
  const heldOutCalls = input.corpus?.calls.filter((c) => c.heldOut).length ?? 0;
  if (!split || heldOutCalls === 0) return [];
  const cell = (d: DetectionSummary | undefined): string =>
    d ? `${pct(d.micro.precision)} / ${pct(d.micro.recall)} (${d.micro.truePositives} TP, ${d.micro.falsePositives} false, ${d.micro.falseNegatives} missed)` : '–';
  const lines = [
    '',
    '### Tuning calls and held-out calls',
    '',
    `The lexicons were tuned on the misses and false hits of the other ${(input.corpus?.calls.length ?? 0) - heldOutCalls} calls (as patterns, never as misheard words). The ${heldOutCalls} held-out calls (\`bench/corpus/calls-heldout.ts\`) were written by a separate author who could not read the lexicons, and were never used for tuning; the gap between the two columns is the measure of over-fitting.`,
    '',
    '| model | tuning calls: precision / recall | held-out calls: precision / recall |',
    '| --- | --- | --- |',
  ];
  for (const m of models) lines.push(`| whisper-${m} | ${cell(split.tuning[m])} | ${cell(split.heldOut[m])} |`);
  const ceiling = input.scriptCeiling;
  if (ceiling) {
    lines.push(`| scripts as transcripts (no ASR; text categories, without ${ACOUSTIC_CATEGORIES.join(' and ')}) | ${cell(ceiling.tuning)} | ${cell(ceiling.heldOut)} |`);
    lines.push('', 'The last row is the lexicons\' own ceiling: each call\'s script at its rendered turn times, analysed as if every word had been heard. Its gap to a model\'s row is what recognition costs; its gap between the columns is over-fitting with no ASR in it.');
  }
  return lines;
}

function missList(model: WhisperModelName, d: DetectionSummary, input: ReportInput): string[] {
  const calls = new Map((input.results.models[model]?.detection?.data.calls ?? []).map((c) => [c.callId, c]));
  const corpusCalls = new Map((input.corpus?.calls ?? []).map((c) => [c.callId, c]));
  const said = (e: ExpectedFinding): string => e.said ?? (e.category === 'calling_hours' ? `startedAt ${corpusCalls.get(e.callId)?.meta.startedAt ?? '?'}` : '(whole call)');
  const lines = [`### whisper-${model}: every miss and false hit`, ''];
  lines.push(`**Misses (${d.misses.length})**`, '');
  if (d.misses.length === 0) lines.push('None.');
  for (const e of d.misses) {
    const heard = e.scope === 'call' ? heardAround(calls.get(e.callId), { startMs: 0, endMs: 20_000 }, 'agent') : heardAround(calls.get(e.callId), e);
    lines.push(`- \`${e.callId}\` **${e.category}** at ${clock(e.startMs)}–${clock(e.endMs)}: scripted "${said(e)}"; heard: ${heard}`);
  }
  lines.push('', `**False hits (${d.falseHits.length})**`, '');
  if (d.falseHits.length === 0) lines.push('None.');
  for (const f of d.falseHits) {
    const call = calls.get(f.callId);
    const finding = call?.findings.find((x) => x.category === f.category && x.startMs === f.startMs && x.endMs === f.endMs);
    lines.push(`- \`${f.callId}\` **${f.category}** (${finding?.ruleId ?? f.ruleId ?? '?'}${finding?.method ? `, ${finding.method}` : ''}) at ${clock(f.startMs)}–${clock(f.endMs)}: evidence "${esc(finding?.evidence ?? f.evidence ?? '')}"; heard: ${heardAround(call, f)}`);
  }
  if (d.unlocated.length > 0) {
    lines.push('', `**Found but not located (${d.unlocated.length})**`, '');
    for (const u of d.unlocated) lines.push(`- \`${u.expected.callId}\` **${u.expected.category}**: labelled ${clock(u.expected.startMs)}–${clock(u.expected.endMs)}, reported ${clock(u.predicted.startMs)}–${clock(u.predicted.endMs)}`);
  }
  lines.push('');
  return lines;
}

/** BENCHMARKS.md from the stored results (every section shows when it was measured). */
export function renderBenchmarks(input: ReportInput): string {
  const { machine, results } = input;
  const lines = [
    '# Benchmarks',
    '',
    `Written by \`npm run bench\` (\`bench/run.ts\`); do not edit by hand. Last run ${date(machine.date)} UTC, on the machine below; a section that run did not measure keeps its earlier text and date (\`bench/lib/report-merge.ts\`), from whichever machine measured it.`,
    '',
    '## Machine',
    '',
    '| | |',
    '| --- | --- |',
    `| CPU | ${machine.cpu}, ${machine.cores} cores |`,
    `| RAM | ${machine.ramGiB} GiB |`,
    `| OS | ${machine.os} |`,
    `| Node | ${machine.node} |`,
    `| onnxruntime-node | ${machine.onnxruntime} |`,
    `| @huggingface/transformers | ${machine.transformers} |`,
    '',
    `| load average at start | ${machine.loadAverage ?? '–'} |`,
    '',
    'On a shared machine, numbers measured while other work ran (load average above the core count) are slower than on an idle one.',
    '',
    '## Targets',
    '',
    ...summaryRows(input),
    '',
    ...asrSection(results),
    ...analysisSection(results),
    ...detectionSection(input),
  ];
  for (const [name, section] of Object.entries(results.extra)) lines.push(`## ${name}`, '', `_Measured ${date(section.measuredAt)}._`, '', section.markdown.trim(), '');
  return `${lines.join('\n').replace(/\n{3,}/g, '\n\n').trim()}\n`;
}
