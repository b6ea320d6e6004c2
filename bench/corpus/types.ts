import type { CallMeta } from '../../core/domain/call-meta.js';
import type { Category } from '../../core/domain/report.js';

/**
 * The detection corpus is data: each call is a script of agent/customer turns plus metadata and
 * the findings a QA inspector would raise. `scripts/generate-corpus.ts` renders the audio (never
 * committed) and turns these tags into time-stamped labels from the rendered turn times.
 */

export type Who = 'agent' | 'customer';

export interface CorpusTurn {
  who: Who;
  /** What is said, in Chinese characters (numbers written out in characters). */
  text: string;
  /**
   * Silence before the turn starts, after the previous turn ended, in ms. Negative: the turn starts
   * that many ms before the previous turn ends (over-talk). Default: a deterministic 350–900 ms.
   */
  gapMs?: number;
  /** Gain applied to the turn, in dB (a shouted turn: +12 to +18). @defaultValue 0 */
  gainDb?: number;
  /** Categories this turn carries (what a QA inspector would flag on it). */
  expect?: Category[];
}

export interface CorpusCall {
  /** Stable id: the file name stem and the report's callId. */
  id: string;
  /** What the call tests, one line. */
  title: string;
  meta: CallMeta;
  turns: CorpusTurn[];
  /** Whole-call categories (no single turn carries them): `calling_hours`, `missing_identity_statement`. */
  expectCall?: Category[];
  /**
   * A held-out call: written after the lexicons were tuned on the other calls and never used to tune
   * them. The benchmark scores held-out and tuning calls apart as well as together.
   */
  heldOut?: boolean;
}

/** Whole-call categories: located anywhere. */
export const CALL_SCOPE_CATEGORIES: readonly Category[] = ['calling_hours', 'missing_identity_statement'];

/** Categories whose tagged turns in one call form a single label (an analyzer may report the count once). */
export const MERGED_CATEGORIES: readonly Category[] = ['interruption'];

/** Helpers that keep the call files short. */
export function agent(text: string, opts: Omit<CorpusTurn, 'who' | 'text'> = {}): CorpusTurn {
  return { who: 'agent', text, ...opts };
}
export function customer(text: string, opts: Omit<CorpusTurn, 'who' | 'text'> = {}): CorpusTurn {
  return { who: 'customer', text, ...opts };
}
/** Daytime start (10:xx Shanghai) on a November 2026 day, so hours rules stay quiet. */
export function daytime(day: number, minute = 12): string {
  return `2026-11-${String(day).padStart(2, '0')}T10:${String(minute).padStart(2, '0')}:00+08:00`;
}
