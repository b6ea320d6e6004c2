import type { CallMeta } from './call-meta.js';

export type Speaker = 'agent' | 'customer' | 'unknown';

/** A span of detected speech on one channel, in integer ms from the start of the recording. */
export interface SpeechSpan {
  startMs: number;
  endMs: number;
}

/**
 * One transcript segment, contract section 3. The first six fields are the contract's; the rest
 * are additions (allowed by the contract) that the heuristics of the analysis stage use.
 */
export interface TranscriptSegment {
  speaker: Speaker;
  startMs: number;
  endMs: number;
  text: string;
  textRaw?: string;
  trusted?: boolean;
  /** True when the speaker was inferred (mono recordings), not taken from a channel map. */
  speakerInferred?: boolean;
  /** Source channel index. */
  channel?: number;
  /** RMS loudness over the segment's speech, dBFS. */
  loudnessDb?: number;
  /** Peak short-window (50 ms) RMS loudness inside the segment, dBFS. */
  peakLoudnessDb?: number;
  /**
   * The recogniser's mean token log-probability over the segment's text (Whisper's
   * `avg_logprob`; 0 is certain, below about -1 the words are mostly guesses). Absent for
   * transcripts from elsewhere.
   */
  asrLogprob?: number;
  /** Why the segment is untrusted, when it is. */
  untrustedReason?: 'no_speech_energy' | 'hallucination' | 'repetition';
}

/** Speech activity per speaker from the VAD, used for over-talk / interruption. */
export interface SpeechActivity {
  agent?: SpeechSpan[];
  customer?: SpeechSpan[];
  unknown?: SpeechSpan[];
}

export interface Transcript {
  callId: string;
  durationMs: number;
  segments: TranscriptSegment[];
  meta?: CallMeta;
  /** VAD speech spans per speaker (addition to the contract). */
  activity?: SpeechActivity;
  /** ASR model that produced the text, e.g. `whisper-base-q8`. */
  asrModel?: string;
}
