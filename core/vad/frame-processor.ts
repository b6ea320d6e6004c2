import type { SpeechSpan } from '../domain/transcript.js';

/**
 * Turns per-frame speech probabilities (from Silero or any frame classifier) into speech spans.
 * Pure: no model, no I/O, so unit tests can drive it with hand-written probability sequences.
 *
 * Frames are consecutive and of equal length (`frameMs`); frame `i` covers
 * `[i * frameMs, (i + 1) * frameMs)` of the channel.
 */
export interface FrameProcessorOptions {
  /** Length of one frame. @defaultValue 32 (512 samples at 16 kHz) */
  frameMs: number;
  /** A frame at or above this starts speech. @defaultValue 0.5 */
  positiveSpeechThreshold: number;
  /** Once speaking, frames at or above this keep speech going (hysteresis). @defaultValue 0.35 */
  negativeSpeechThreshold: number;
  /** Speech shorter than this (before padding) is dropped as a blip. @defaultValue 200 */
  minSpeechMs: number;
  /** Non-speech must last this long before speech ends (hangover). @defaultValue 300 */
  redemptionMs: number;
  /**
   * Onset backtracking: a span's start moves back over the frames just before it whose
   * probability is at least this (speech that had begun but not yet convinced the detector), up
   * to `maxOnsetBacktrackMs` and never closer to the previous span than `redemptionMs` (a
   * shorter pause would have been bridged). 1 turns it off. @defaultValue 0.05
   */
  onsetThreshold: number;
  /** @defaultValue 1000 */
  maxOnsetBacktrackMs: number;
  /** Added before each span (after backtracking), clamped at 0. @defaultValue 150 */
  preSpeechPadMs: number;
  /** Added after each span, clamped at the channel's duration. @defaultValue 150 */
  postSpeechPadMs: number;
  /** Spans whose gap (after padding) is at most this are merged. @defaultValue 200 */
  mergeGapMs: number;
  /** Spans longer than this are split at their least speech-like frame. @defaultValue 28000 */
  maxSegmentMs: number;
}

export const DEFAULT_FRAME_PROCESSOR_OPTIONS: FrameProcessorOptions = {
  frameMs: 32,
  positiveSpeechThreshold: 0.5,
  negativeSpeechThreshold: 0.35,
  minSpeechMs: 200,
  redemptionMs: 300,
  onsetThreshold: 0.05,
  maxOnsetBacktrackMs: 1000,
  preSpeechPadMs: 150,
  postSpeechPadMs: 150,
  mergeGapMs: 200,
  maxSegmentMs: 28_000,
};

/** A raw detection in frame indices: `[startFrame, endFrame)`. */
interface FrameRun {
  startFrame: number;
  endFrame: number;
}

/**
 * The hysteresis state machine. `push` one probability per frame; it returns a run when one
 * ends (after the redemption time), and `finish` flushes a run still open at the end.
 */
export class SpeechStateMachine {
  private readonly opts: FrameProcessorOptions;
  private readonly redemptionFrames: number;
  private frame = 0;
  private speaking = false;
  private startFrame = 0;
  /** First frame of the current run of non-speech while speaking, or -1. */
  private silenceStart = -1;

  constructor(opts: FrameProcessorOptions) {
    this.opts = opts;
    this.redemptionFrames = Math.max(1, Math.ceil(opts.redemptionMs / opts.frameMs));
  }

  push(probability: number): FrameRun | undefined {
    const i = this.frame++;
    const { positiveSpeechThreshold: pos, negativeSpeechThreshold: neg } = this.opts;
    if (!this.speaking) {
      if (probability >= pos) {
        this.speaking = true;
        this.startFrame = i;
        this.silenceStart = -1;
      }
      return undefined;
    }
    if (probability >= neg) {
      this.silenceStart = -1;
      return undefined;
    }
    if (this.silenceStart < 0) this.silenceStart = i;
    if (i + 1 - this.silenceStart >= this.redemptionFrames) {
      this.speaking = false;
      const run = { startFrame: this.startFrame, endFrame: this.silenceStart };
      this.silenceStart = -1;
      return run;
    }
    return undefined;
  }

  finish(): FrameRun | undefined {
    if (!this.speaking) return undefined;
    this.speaking = false;
    const endFrame = this.silenceStart >= 0 ? this.silenceStart : this.frame;
    this.silenceStart = -1;
    return { startFrame: this.startFrame, endFrame };
  }
}

/**
 * Speech spans, in integer ms from the start of the channel, from per-frame probabilities:
 * hysteresis + redemption, short blips dropped, onsets backtracked, padded, clamped to `[0, durationMs]`, merged,
 * and long spans split.
 *
 * @param probabilities - one speech probability in [0, 1] per frame
 * @param durationMs - the channel's duration; spans never extend past it
 * @example
 * speechSpansFromProbabilities(probs, 12_000, { redemptionMs: 400 })
 */
export function speechSpansFromProbabilities(
  probabilities: ArrayLike<number>,
  durationMs: number,
  options: Partial<FrameProcessorOptions> = {},
): SpeechSpan[] {
  const opts: FrameProcessorOptions = { ...DEFAULT_FRAME_PROCESSOR_OPTIONS, ...options };
  const machine = new SpeechStateMachine(opts);
  const runs: FrameRun[] = [];
  for (let i = 0; i < probabilities.length; i++) {
    const run = machine.push(probabilities[i] ?? 0);
    if (run) runs.push(run);
  }
  const last = machine.finish();
  if (last) runs.push(last);

  const minFrames = opts.minSpeechMs / opts.frameMs;
  const maxBackFrames = Math.floor(opts.maxOnsetBacktrackMs / opts.frameMs);
  const redemptionFrames = Math.max(1, Math.ceil(opts.redemptionMs / opts.frameMs));
  const padded: SpeechSpan[] = [];
  let previousEnd = Number.NEGATIVE_INFINITY;
  for (const detected of runs) {
    if (detected.endFrame - detected.startFrame < minFrames) continue;
    const run = { ...detected };
    // Leave a pause of at least the redemption time after the previous span: a shorter one would
    // have been bridged, so weak frames closer to it are that span's tail, not this one's onset.
    const floor = Math.max(previousEnd + redemptionFrames, run.startFrame - maxBackFrames);
    while (run.startFrame > floor && (probabilities[run.startFrame - 1] ?? 0) >= opts.onsetThreshold) run.startFrame--;
    previousEnd = run.endFrame;
    const startMs = Math.max(0, Math.round(run.startFrame * opts.frameMs - opts.preSpeechPadMs));
    const endMs = Math.min(durationMs, Math.round(run.endFrame * opts.frameMs + opts.postSpeechPadMs));
    if (endMs > startMs) padded.push({ startMs, endMs });
  }

  const merged: SpeechSpan[] = [];
  for (const span of padded) {
    const prev = merged[merged.length - 1];
    if (prev && span.startMs - prev.endMs <= opts.mergeGapMs) {
      prev.endMs = Math.max(prev.endMs, span.endMs);
    } else {
      merged.push({ ...span });
    }
  }
  return merged.flatMap((span) => splitLongSpan(span, probabilities, opts));
}

/**
 * Splits a span longer than `maxSegmentMs` at the frame with the lowest speech probability in
 * the second half of each allowed piece, so cuts fall in pauses rather than inside words.
 */
function splitLongSpan(span: SpeechSpan, probabilities: ArrayLike<number>, opts: FrameProcessorOptions): SpeechSpan[] {
  const out: SpeechSpan[] = [];
  let startMs = span.startMs;
  while (span.endMs - startMs > opts.maxSegmentMs) {
    const lo = Math.ceil((startMs + opts.maxSegmentMs / 2) / opts.frameMs);
    const hi = Math.floor((startMs + opts.maxSegmentMs) / opts.frameMs) - 1;
    let cutFrame = hi;
    let best = Number.POSITIVE_INFINITY;
    for (let f = hi; f >= lo; f--) {
      const p = probabilities[f] ?? 0;
      if (p < best) {
        best = p;
        cutFrame = f;
      }
    }
    // Cut in the middle of the quietest frame; never beyond the allowed length.
    const cutMs = Math.min(startMs + opts.maxSegmentMs, Math.round((cutFrame + 0.5) * opts.frameMs));
    out.push({ startMs, endMs: cutMs });
    startMs = cutMs;
  }
  out.push({ startMs, endMs: span.endMs });
  return out;
}
