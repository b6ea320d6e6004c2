import { createAnalyzer } from '../../core/rules/analyze.js';
import { CORPUS_CALLS } from '../corpus/index.js';
import type { AnalysisResult } from './results.js';
import { synthesizeTranscripts } from './synthetic-transcripts.js';

export interface AnalysisSpeedOptions {
  /** Distinct transcripts analysed in rotation. @defaultValue 40 */
  transcripts?: number;
  /** Measure for at least this long. @defaultValue 5000 */
  minMs?: number;
  quick?: boolean;
}

/**
 * Analysis speed on one core: 3-minute transcripts (≈ 70 segments, corpus talk with violations)
 * analysed in a synchronous loop on the main thread, after a warm-up pass (JIT, lazy pinyin
 * tables). Lexicons and policies are loaded once, as in a worker.
 */
export function measureAnalysisSpeed(opts: AnalysisSpeedOptions = {}): AnalysisResult {
  const analyzer = createAnalyzer();
  const transcripts = synthesizeTranscripts(CORPUS_CALLS, opts.transcripts ?? 40);
  let findings = 0;
  for (const t of transcripts) findings += analyzer.analyze(t).findings.length;
  const minMs = opts.minMs ?? 5000;
  let iterations = 0;
  const started = process.hrtime.bigint();
  let elapsedMs = 0;
  while (elapsedMs < minMs) {
    for (const t of transcripts) analyzer.analyze(t);
    iterations += transcripts.length;
    elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
  }
  return {
    measuredAt: new Date().toISOString(),
    transcripts: transcripts.length,
    segmentsPerTranscript: transcripts.reduce((s, t) => s + t.segments.length, 0) / transcripts.length,
    iterations,
    wallMs: Math.round(elapsedMs),
    perSecond: iterations / (elapsedMs / 1000),
    findingsPerTranscript: findings / transcripts.length,
    quick: opts.quick ?? false,
  };
}
