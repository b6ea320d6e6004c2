import type { WhisperModelName } from '../../core/config/runtime.js';

/**
 * The plain transformers.js pipeline's numbers from ../shared/research/models.md (30 s chunking,
 * no VAD packing; same machine class), for comparison with callqa's pipeline.
 */
export const PLAIN_PIPELINE: Record<WhisperModelName, { cer16k: number; cerTel8k: number; speedShort: number; speedLong: number; loadS: number; rssGb: number }> = {
  tiny: { cer16k: 0.576, cerTel8k: 0.562, speedShort: 4.0, speedLong: 10.1, loadS: 0.6, rssGb: 0.9 },
  base: { cer16k: 0.312, cerTel8k: 0.333, speedShort: 2.6, speedLong: 6.1, loadS: 0.8, rssGb: 1.5 },
  small: { cer16k: 0.111, cerTel8k: 0.146, speedShort: 1.0, speedLong: 2.0, loadS: 1.5, rssGb: 3.7 },
};

/** Targets of the issues (2 cores). */
export const TARGETS = {
  /** Audio seconds per wall second on the 3-minute stereo call. */
  speed: { base: 10, small: 3 } as Partial<Record<WhisperModelName, number>>,
  /** CER on the 16 kHz set may not be worse than the plain pipeline's. */
  cer16k: { base: 0.312, small: 0.111 } as Partial<Record<WhisperModelName, number>>,
  analysisPerSecond: 500,
  detection: { model: 'base' as WhisperModelName, precision: 0.95, recall: 0.9 },
};
