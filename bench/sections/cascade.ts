import { createAnalyzer } from '../../core/rules/analyze.js';
import { readCorpusIndex, type CorpusIndex } from '../corpus/render.js';
import { mixTranscripts } from '../lib/cascade.js';
import { scoreCorpus, type PredictedFinding } from '../lib/detection-score.js';
import { readKeptTranscript, type KeptTranscript } from '../lib/kept-transcripts.js';
import type { ExtraBenchSection } from './index.js';

/** Base segment confidences (mean token log-probability) below which small's words are taken. */
const THRESHOLDS = [-Infinity, -1.0, -0.8, -0.6, -0.5, -0.4, -0.3, Infinity];

type Pair = { call: CorpusIndex['calls'][number]; base: KeptTranscript; small: KeptTranscript };

function table(pairs: readonly Pair[]): string[] {
  const analyzer = createAnalyzer();
  const expected = pairs.flatMap((p) => p.call.expected);
  const rows = ['| base segments below | speech taken from small | precision | recall |', '| --- | --- | --- | --- |'];
  for (const t of THRESHOLDS) {
    const predicted: PredictedFinding[] = [];
    let replaced = 0;
    let speech = 0;
    for (const { call, base, small } of pairs) {
      // The last row is small's own transcript: also what base heard nothing of.
      const mixed = t === Infinity ? { transcript: small, replacedMs: 1, speechMs: 1 } : mixTranscripts(base, small, t);
      replaced += mixed.replacedMs;
      speech += mixed.speechMs;
      const meta = { ...call.meta, callId: call.callId, channels: { agent: 0, customer: 1 } };
      for (const f of analyzer.analyze(mixed.transcript, meta).findings) predicted.push({ callId: call.callId, category: f.category, startMs: f.startMs, endMs: f.endMs });
    }
    const d = scoreCorpus(expected, predicted);
    const label = t === -Infinity ? 'none (base alone)' : t === Infinity ? 'all (small alone)' : `logprob ${t}`;
    rows.push(`| ${label} | ${speech > 0 ? ((100 * replaced) / speech).toFixed(0) : '–'} % | ${d.micro.precision?.toFixed(3) ?? '–'} | ${d.micro.recall?.toFixed(3) ?? '–'} |`);
  }
  return rows;
}

/**
 * What a base → small cascade would find: base everywhere, small's words where base was unsure,
 * from the detection transcripts both models left in the cache (`--only detection --models
 * base,small` first; without them, or without both models in `--models`, the section is left as
 * it was). Minutes of analysis, no ASR. An estimate for choosing a model, not a shipped pipeline.
 */
export const cascadeSection: ExtraBenchSection = {
  name: 'cascade',
  async run({ models, corpusDir, log }) {
    if (!models.includes('base') || !models.includes('small')) return undefined;
    const corpus = await readCorpusIndex(corpusDir);
    if (!corpus) return undefined;
    const pairs: Pair[] = [];
    for (const call of corpus.calls) {
      const base = await readKeptTranscript('base', call, corpus);
      const small = await readKeptTranscript('small', call, corpus);
      if (base && small) pairs.push({ call, base, small });
    }
    if (pairs.length === 0) {
      log('cascade: no corpus call has kept base and small transcripts (run `npm run bench -- --only detection --models base,small` first); section kept as it was');
      return undefined;
    }
    log(`cascade estimate over ${pairs.length} calls with base and small transcripts`);
    const heldOut = pairs.filter((p) => p.call.heldOut === true);
    const tuning = pairs.filter((p) => p.call.heldOut !== true);
    const lines = [
      'A base → small cascade, estimated from the detection transcripts of both models: base\'s segments stay where base was sure of them (mean token log-probability at or above the threshold); elsewhere small\'s segments of the same speaker take their place (`bench/lib/cascade.ts`). Optimistic: small decoded whole windows with their context, a cascade would decode only the unsure stretches. The share of speech is what small would have to decode.',
      '',
    ];
    for (const [name, set] of [['held-out calls', heldOut], ['tuning calls', tuning]] as const) {
      if (set.length === 0) continue;
      lines.push(`**${name}** (${set.length} with both transcripts):`, '', ...table(set), '');
    }
    return { markdown: lines.join('\n') };
  },
};
