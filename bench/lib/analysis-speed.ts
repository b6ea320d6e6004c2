import type { Analyzer } from '../../core/rules/analyze.js';
import type { Transcript } from '../../core/domain/transcript.js';
import type { AnalysisResult } from './results.js';

export interface AnalysisSpeedOptions {
  /** Measure for at least this long. @defaultValue 5000 */
  minMs?: number;
  quick?: boolean;
}

/**
 * Analysis speed on one core: 3-minute transcripts (≈ 70 segments, corpus talk with violations)
 * analysed in a synchronous loop on the main thread, after a warm-up pass (JIT, lazy pinyin
 * tables). Lexicons and policies are loaded once, as in a worker. Run it in a process that holds
 * only the analyzer, as a worker does (`bench/analysis-run.ts`): in the bench's own process,
 * which also holds the synthesiser (pinyin-pro with custom readings) and the speech stack, the
 * same loop measured 35–45 % slower.
 */
export function measureAnalysisSpeed(createAnalyzer: () => Analyzer, transcripts: readonly Transcript[], opts: AnalysisSpeedOptions = {}): AnalysisResult {
  const analyzer = createAnalyzer();
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
