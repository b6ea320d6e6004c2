import type { Category } from '../../core/domain/report.js';
import type { Transcript } from '../../core/domain/transcript.js';
import { createAnalyzer, type Analyzer } from '../../core/rules/analyze.js';
import type { CorpusIndex } from '../corpus/render.js';
import { scoreCorpus, type DetectionSummary, type PredictedFinding } from './detection-score.js';

/** Categories found from the audio itself: a script carries no loudness or over-talk. */
export const ACOUSTIC_CATEGORIES: readonly Category[] = ['raised_voice', 'interruption'];

/**
 * The lexicons' ceiling: every call's script, at its rendered turn times, analysed as if the
 * recogniser had heard every word, and scored like a model's run on the categories a transcript
 * can carry. The gap to a model's row is what recognition costs; the gap between tuning and
 * held-out calls here is the lexicons' own over-fitting, with no ASR in it. Seconds.
 */
export function scoreScripts(corpus: CorpusIndex, include: (call: CorpusIndex['calls'][number]) => boolean = () => true, analyzer: Analyzer = createAnalyzer()): DetectionSummary {
  const calls = corpus.calls.filter(include);
  const textual = (c: Category) => !ACOUSTIC_CATEGORIES.includes(c);
  const predicted: PredictedFinding[] = [];
  for (const c of calls) {
    const transcript: Transcript = {
      callId: c.callId,
      durationMs: c.durationMs,
      segments: c.turns.map((t) => ({ speaker: t.who, startMs: t.startMs, endMs: t.endMs, text: t.text, trusted: true })),
    };
    const report = analyzer.analyze(transcript, { ...c.meta, callId: c.callId });
    for (const f of report.findings) if (textual(f.category)) predicted.push({ callId: c.callId, category: f.category, startMs: f.startMs, endMs: f.endMs, ruleId: f.ruleId, evidence: f.evidence });
  }
  return scoreCorpus(calls.flatMap((c) => c.expected.filter((e) => textual(e.category))), predicted);
}
