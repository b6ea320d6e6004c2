import { deflateRawSync } from 'node:zlib';
import type { TranscriptSegment } from '../domain/transcript.js';
import hallucinationData from './hallucinations.json' with { type: 'json' };
import { matchKey } from './normalize.js';

/**
 * Marks recogniser output that is probably not speech: text over no speech energy, Whisper's
 * known hallucination strings (kept as data in `hallucinations.json`), and runaway repetition.
 * Untrusted text never raises a finding alone.
 */

export type UntrustedReason = NonNullable<TranscriptSegment['untrustedReason']>;

export interface TrustOptions {
  /** Below this RMS loudness a segment has no speech energy, whatever the channel. @defaultValue -60 dBFS */
  absoluteFloorDb: number;
  /** More than this below the channel's speech loudness is no speech energy. @defaultValue 25 dB */
  belowChannelDb: number;
  /** A single character repeated this many times in a row is runaway repetition. @defaultValue 10 */
  maxCharRun: number;
  /** An n-gram (2–10 characters) repeated this many times in a row is runaway repetition. @defaultValue 5 */
  maxNgramRepeats: number;
  /** zlib compression ratio (UTF-8 bytes) above which text is repetitive (Whisper uses 2.4). @defaultValue 2.4 */
  maxCompressionRatio: number;
  /** Shortest text (characters) the compression test is applied to. @defaultValue 30 */
  compressionMinChars: number;
}

export const DEFAULT_TRUST_OPTIONS: TrustOptions = {
  absoluteFloorDb: -60,
  belowChannelDb: 25,
  maxCharRun: 10,
  maxNgramRepeats: 5,
  maxCompressionRatio: 2.4,
  compressionMinChars: 30,
};

export interface TrustEvidence {
  /** Normalised text of the segment. */
  text: string;
  /** RMS loudness over the segment, dBFS. */
  loudnessDb?: number | undefined;
  /** The channel's speech loudness (RMS over all its VAD speech), dBFS. */
  channelSpeechDb?: number | undefined;
  /** How much VAD speech the segment overlaps, ms; 0 means VAD heard no speech there. */
  vadSpeechMs?: number | undefined;
}

const HALLUCINATION_SUBSTRINGS: readonly string[] = hallucinationData.substrings.map(matchKey).filter((s) => s.length > 0);
const HALLUCINATION_PATTERNS: readonly RegExp[] = hallucinationData.patterns.map((p) => new RegExp(p, 'u'));

/** True when the text holds a known Whisper hallucination (subtitle credits and their kin). */
export function isHallucination(text: string): boolean {
  const key = matchKey(text);
  if (key === '') return false;
  return HALLUCINATION_SUBSTRINGS.some((h) => key.includes(h)) || HALLUCINATION_PATTERNS.some((re) => re.test(key));
}

/**
 * For each unit length n (1–10 characters), the most consecutive repeats of any n-gram:
 * `result[n]`. `'哈哈哈'` → `[_, 3, 1, 1, …]`.
 */
export function maxRepeatsByUnit(text: string): number[] {
  const chars = Array.from(text);
  const result = [0];
  for (let n = 1; n <= 10; n++) {
    let best = chars.length >= n ? 1 : 0;
    for (let start = 0; start + 2 * n <= chars.length; start++) {
      let repeats = 1;
      let i = start + n;
      while (i + n <= chars.length && sameRun(chars, start, i, n)) {
        repeats++;
        i += n;
      }
      best = Math.max(best, repeats);
    }
    result.push(best);
  }
  return result;
}

function sameRun(chars: string[], a: number, b: number, n: number): boolean {
  for (let k = 0; k < n; k++) if (chars[a + k] !== chars[b + k]) return false;
  return true;
}

/** UTF-8 bytes over deflated bytes: Whisper's own repetition test. */
export function compressionRatio(text: string): number {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length === 0) return 0;
  return bytes.length / deflateRawSync(bytes, { level: 9 }).length;
}

/** True when the text is runaway repetition (a looped character or phrase). */
export function isRunawayRepetition(text: string, options: Partial<TrustOptions> = {}): boolean {
  const opts = { ...DEFAULT_TRUST_OPTIONS, ...options };
  const key = matchKey(text);
  const repeats = maxRepeatsByUnit(key);
  if ((repeats[1] ?? 0) >= opts.maxCharRun) return true;
  if (repeats.slice(2).some((r) => r >= opts.maxNgramRepeats)) return true;
  return Array.from(key).length >= opts.compressionMinChars && compressionRatio(key) > opts.maxCompressionRatio;
}

/**
 * Decides whether a segment's text can be trusted. The first reason that applies wins, in the
 * order: no speech energy, hallucination, repetition.
 *
 * @example
 * assessTrust({ text: '谢谢观看', loudnessDb: -72, channelSpeechDb: -22 })
 * // → { trusted: false, untrustedReason: 'no_speech_energy' }
 */
export function assessTrust(evidence: TrustEvidence, options: Partial<TrustOptions> = {}): { trusted: boolean; untrustedReason?: UntrustedReason } {
  const opts = { ...DEFAULT_TRUST_OPTIONS, ...options };
  const { loudnessDb, channelSpeechDb, vadSpeechMs } = evidence;
  const quiet =
    loudnessDb !== undefined &&
    (loudnessDb < opts.absoluteFloorDb || (channelSpeechDb !== undefined && loudnessDb < channelSpeechDb - opts.belowChannelDb));
  if (quiet || vadSpeechMs === 0) return { trusted: false, untrustedReason: 'no_speech_energy' };
  if (isHallucination(evidence.text)) return { trusted: false, untrustedReason: 'hallucination' };
  if (isRunawayRepetition(evidence.text, opts)) return { trusted: false, untrustedReason: 'repetition' };
  return { trusted: true };
}
