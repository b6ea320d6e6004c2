import type { WhisperModelName } from '../../core/config/runtime.js';
import { cascadeSection } from './cascade.js';
import { serviceSection } from './service.js';

/**
 * The hook for benchmarks owned by other parts of the project (the service issue's batch
 * throughput and alert latency, for example). Add a section to {@link EXTRA_SECTIONS}; then
 * `npm run bench` runs it after the built-in sections, `--only <name>` runs it alone, and its
 * markdown lands in BENCHMARKS.md under `## <name>` with the date it was measured (kept until
 * the section runs again).
 *
 * @example
 * // bench/sections/service.ts
 * export const serviceSection: ExtraBenchSection = {
 *   name: 'service',
 *   async run({ models, quick, log }) {
 *     // start Redis/PostgreSQL-backed workers, enqueue generated calls, time them …
 *     return { markdown: '| model | calls/hour/worker | alert latency p50 / p95 |\n| --- | --- | --- |\n…' };
 *   },
 * };
 * // and here: export const EXTRA_SECTIONS = [serviceSection];
 */
export interface ExtraBenchSection {
  /** `--only` name and BENCHMARKS.md heading; must not be asr, speed, analysis or detection. */
  name: string;
  /** Resolves to undefined when it had nothing to measure: BENCHMARKS.md keeps the section's earlier text. */
  run(ctx: ExtraSectionContext): Promise<{ markdown: string } | undefined>;
}

export interface ExtraSectionContext {
  /** Models asked for with `--models` (default tiny, base, small; tiny only with `--quick`). */
  models: readonly WhisperModelName[];
  quick: boolean;
  /** Progress to stderr. */
  log: (message: string) => void;
  /** Rendered detection corpus (stereo 8 kHz μ-law calls + labels.json), when you need realistic calls. */
  corpusDir: string;
}

export const EXTRA_SECTIONS: readonly ExtraBenchSection[] = [serviceSection, cascadeSection];
