import type { SpeechSpan } from '../domain/transcript.js';

/**
 * Packing of one channel's VAD speech spans into Whisper windows of at most 30 s, and the exact
 * mapping between window time and recording time. Pure: no audio is touched except in
 * `renderWindow`.
 *
 * A window is the spans' audio laid end to end with `gapMs` of digital silence between them:
 * Whisper sees the speech in order (context from one utterance helps the next) and silence at
 * each boundary (it tends to close a timestamped segment there), and no audio is dropped or
 * duplicated, so every window ms maps to exactly one recording ms.
 *
 * A window also opens with `leadMs` of silence: Whisper tends to skip speech that starts at the
 * very first frame of its input (measured: a 2.2 s "对，是我，什么事？" at window 0 was dropped
 * and the next utterance's text stamped over it; with 500 ms of lead it is transcribed).
 */

/** One span (or part of a span longer than a window) placed in a window. */
export interface WindowPiece {
  /** Where the audio comes from, ms in the recording. */
  sourceStartMs: number;
  sourceEndMs: number;
  /** Where it starts inside the window, ms. Its window end is `windowStartMs + duration`. */
  windowStartMs: number;
}

export interface WindowPlan {
  pieces: WindowPiece[];
  /** Window length, ms: the last piece's end. */
  durationMs: number;
}

export interface PackOptions {
  /** @defaultValue 30000 (Whisper's input length) */
  maxWindowMs: number;
  /**
   * Silence inserted between spans, ms. Whisper's timestamps on call audio are coarse (often
   * whole seconds), so a gap shorter than that lets one chunk straddle two spans. @defaultValue 1000
   */
  gapMs: number;
  /** Silence before the first span of a window, ms. @defaultValue 500 */
  leadMs: number;
}

export const DEFAULT_PACK_OPTIONS: PackOptions = {
  maxWindowMs: 30_000,
  gapMs: 1000,
  leadMs: 500,
};

/**
 * Spans widened for recognition: `beforeMs` of the recording before each span, never before 0
 * and never into the previous span (spans that come to touch are joined). Whisper needs the whole
 * first syllable; a VAD onset a few frames late cuts its consonant.
 */
export function widenSpans(spans: readonly SpeechSpan[], beforeMs: number): SpeechSpan[] {
  const sorted = [...spans].filter((s) => s.endMs > s.startMs).sort((a, b) => a.startMs - b.startMs);
  const out: SpeechSpan[] = [];
  for (const span of sorted) {
    const last = out.at(-1);
    const startMs = Math.max(last?.endMs ?? 0, span.startMs - beforeMs);
    if (last && startMs <= last.endMs) last.endMs = Math.max(last.endMs, span.endMs);
    else out.push({ startMs, endMs: span.endMs });
  }
  return out;
}

/**
 * A time range pulled in to the speech spans it overlaps: a start or end that falls outside every
 * span (in pre-roll audio) moves to the nearest span edge inside the range. Ranges that overlap no
 * span come back unchanged.
 */
export function snapIntoSpans(startMs: number, endMs: number, spans: readonly SpeechSpan[]): SpeechSpan {
  const inside = spans.filter((s) => s.endMs > startMs && s.startMs < endMs);
  if (inside.length === 0) return { startMs, endMs };
  return {
    startMs: Math.max(startMs, Math.min(...inside.map((s) => s.startMs))),
    endMs: Math.min(endMs, Math.max(...inside.map((s) => s.endMs))),
  };
}

export function pieceWindowEndMs(piece: WindowPiece): number {
  return piece.windowStartMs + (piece.sourceEndMs - piece.sourceStartMs);
}

/**
 * Packs spans (sorted or not, non-overlapping) greedily into windows of at most `maxWindowMs`
 * (lead silence included); spans longer than that are cut into consecutive pieces of at most
 * `maxWindowMs - leadMs`.
 *
 * @example
 * packWindows([{ startMs: 1000, endMs: 4000 }, { startMs: 9000, endMs: 12000 }])
 * // → [{ durationMs: 7500, pieces: [{ 1000–4000 at 500 }, { 9000–12000 at 4500 }] }]
 */
export function packWindows(spans: readonly SpeechSpan[], options: Partial<PackOptions> = {}): WindowPlan[] {
  const { maxWindowMs, gapMs, leadMs } = {
    ...DEFAULT_PACK_OPTIONS,
    ...options,
  };
  if (!(maxWindowMs > leadMs) || gapMs < 0 || leadMs < 0) {
    throw new RangeError(`packWindows: bad options maxWindowMs=${maxWindowMs} gapMs=${gapMs} leadMs=${leadMs}`);
  }
  const maxPieceMs = maxWindowMs - leadMs;
  const sorted = [...spans].filter((s) => s.endMs > s.startMs).sort((a, b) => a.startMs - b.startMs);
  const plans: WindowPlan[] = [];
  let current: WindowPlan | undefined;
  for (const span of sorted) {
    for (let start = span.startMs; start < span.endMs; start += maxPieceMs) {
      const end = Math.min(span.endMs, start + maxPieceMs);
      const length = end - start;
      const offset = current && current.pieces.length > 0 ? current.durationMs + gapMs : 0;
      if (!current || offset + length > maxWindowMs) {
        current = { pieces: [], durationMs: 0 };
        plans.push(current);
        current.pieces.push({
          sourceStartMs: start,
          sourceEndMs: end,
          windowStartMs: leadMs,
        });
        current.durationMs = leadMs + length;
      } else {
        current.pieces.push({
          sourceStartMs: start,
          sourceEndMs: end,
          windowStartMs: offset,
        });
        current.durationMs = offset + length;
      }
    }
  }
  return plans;
}

/**
 * Recording time of a window time. Inside a piece the mapping is exact; in a gap it snaps to the
 * nearer piece edge; before the first or after the last piece it clamps to the window's speech.
 */
export function windowToSourceMs(plan: WindowPlan, windowMs: number): number {
  const pieces = plan.pieces;
  const first = pieces[0];
  if (!first) throw new RangeError('windowToSourceMs: empty window');
  if (windowMs <= first.windowStartMs) return first.sourceStartMs;
  for (let i = 0; i < pieces.length; i++) {
    const p = pieces[i]!;
    const pEnd = pieceWindowEndMs(p);
    if (windowMs <= pEnd) {
      if (windowMs >= p.windowStartMs) return p.sourceStartMs + (windowMs - p.windowStartMs);
      const prev = pieces[i - 1]!;
      const prevEnd = pieceWindowEndMs(prev);
      return windowMs - prevEnd <= p.windowStartMs - windowMs ? prev.sourceEndMs : p.sourceStartMs;
    }
  }
  return pieces[pieces.length - 1]!.sourceEndMs;
}

/** Window time of a recording time, or undefined when the window does not hold that moment. */
export function sourceToWindowMs(plan: WindowPlan, sourceMs: number): number | undefined {
  for (const p of plan.pieces) {
    if (sourceMs >= p.sourceStartMs && sourceMs <= p.sourceEndMs) return p.windowStartMs + (sourceMs - p.sourceStartMs);
  }
  return undefined;
}

/** The window's audio: each piece's samples at its offset, silence in between. */
export function renderWindow(plan: WindowPlan, samples: Float32Array, sampleRate = 16_000): Float32Array {
  const toSamples = (ms: number): number => Math.round((ms * sampleRate) / 1000);
  const out = new Float32Array(toSamples(plan.durationMs));
  for (const p of plan.pieces) {
    const from = Math.min(samples.length, toSamples(p.sourceStartMs));
    const to = Math.min(samples.length, toSamples(p.sourceEndMs));
    const at = toSamples(p.windowStartMs);
    out.set(samples.subarray(from, Math.min(to, from + (out.length - at))), at);
  }
  return out;
}
