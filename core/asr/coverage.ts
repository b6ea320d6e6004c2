import type { AlignedText } from './align-segments.js';
import { spokenChars } from '../text/normalize.js';
import type { WindowPlan } from './windows.js';

/**
 * Whisper sometimes skips speech inside a window: it closes a timestamped segment seconds past
 * the words it wrote, so a whole VAD span gets a few characters or none (measured on the
 * 16 kHz set: a 12 s meeting clip came out as 「首先，我们现在在商场上半年」 for 9 s of speech).
 * The text density per span finds these: Mandarin speech runs at 3–6 characters a second, and a
 * span far below that, long enough to judge, is re-transcribed alone.
 */
export interface CoverageOptions {
  /** Spans shorter than this are not judged (one word can be a whole turn). @defaultValue 2000 */
  minPieceMs: number;
  /** Below this many characters per second of span, the span is thin. @defaultValue 2 */
  minCharsPerSecond: number;
}

export const DEFAULT_COVERAGE: CoverageOptions = { minPieceMs: 2000, minCharsPerSecond: 2 };

/** Indexes of the window's pieces (VAD spans) whose text is too thin for their length. */
export function thinPieces(plan: WindowPlan, aligned: readonly AlignedText[], options: Partial<CoverageOptions> = {}): number[] {
  const { minPieceMs, minCharsPerSecond } = { ...DEFAULT_COVERAGE, ...options };
  const chars = new Array<number>(plan.pieces.length).fill(0);
  for (const a of aligned) chars[a.pieceIndex] = (chars[a.pieceIndex] ?? 0) + spokenChars(a.textRaw);
  const thin: number[] = [];
  plan.pieces.forEach((p, i) => {
    const ms = p.sourceEndMs - p.sourceStartMs;
    if (ms >= minPieceMs && chars[i]! < (ms / 1000) * minCharsPerSecond) thin.push(i);
  });
  return thin;
}

/**
 * Replaces the text of piece `pieceIndex` by `retry` (the same span transcribed alone) when the
 * retry heard more: more spoken characters, and not from a decoder loop. Returns the new list.
 */
export function preferRetry(aligned: readonly AlignedText[], pieceIndex: number, retry: readonly AlignedText[]): AlignedText[] {
  const before = aligned.filter((a) => a.pieceIndex === pieceIndex);
  const count = (list: readonly AlignedText[]): number => list.reduce((n, a) => n + spokenChars(a.textRaw), 0);
  if (retry.some((a) => a.looped) || count(retry) <= count(before)) return [...aligned];
  return [...aligned.filter((a) => a.pieceIndex !== pieceIndex), ...retry.map((a) => ({ ...a, pieceIndex }))].sort((a, b) => a.startMs - b.startMs);
}
