import type { Speaker, SpeechSpan, Transcript } from '../../domain/transcript.js';

/** Sorted, non-overlapping spans covering the same time as the input (touching spans merge). */
export function unionSpans(spans: readonly SpeechSpan[]): SpeechSpan[] {
  const sorted = spans.filter((s) => s.endMs > s.startMs).sort((a, b) => a.startMs - b.startMs);
  const out: SpeechSpan[] = [];
  for (const s of sorted) {
    const last = out.at(-1);
    if (last && s.startMs <= last.endMs) {
      if (s.endMs > last.endMs) last.endMs = s.endMs;
    } else {
      out.push({ startMs: s.startMs, endMs: s.endMs });
    }
  }
  return out;
}

/** Total ms covered by spans that are already a union (sorted, disjoint). */
export function totalMs(union: readonly SpeechSpan[]): number {
  let sum = 0;
  for (const s of union) sum += s.endMs - s.startMs;
  return sum;
}

/** Ms covered by both unions (each sorted and disjoint). */
export function intersectionMs(a: readonly SpeechSpan[], b: readonly SpeechSpan[]): number {
  let i = 0;
  let j = 0;
  let sum = 0;
  while (i < a.length && j < b.length) {
    const x = a[i] as SpeechSpan;
    const y = b[j] as SpeechSpan;
    const lo = Math.max(x.startMs, y.startMs);
    const hi = Math.min(x.endMs, y.endMs);
    if (hi > lo) sum += hi - lo;
    if (x.endMs < y.endMs) i++;
    else j++;
  }
  return sum;
}

/** Where a speaker's speech spans came from: the VAD (precise) or the transcript segments (coarse). */
export type SpanSource = 'vad' | 'segments';

/**
 * A speaker's speech as a union of spans: the VAD activity when the transcript carries it, else
 * the speaker's trusted segments (untrusted text is probably not speech).
 */
export function speakerSpans(transcript: Transcript, speaker: Speaker): { spans: SpeechSpan[]; source: SpanSource } {
  const vad = transcript.activity?.[speaker];
  if (vad) return { spans: unionSpans(vad), source: 'vad' };
  const segs: SpeechSpan[] = [];
  for (const s of transcript.segments) {
    if (s.speaker === speaker && s.trusted !== false) segs.push({ startMs: s.startMs, endMs: s.endMs });
  }
  return { spans: unionSpans(segs), source: 'segments' };
}

/** `m:ss` for messages a reviewer reads. */
export function clock(ms: number): string {
  const s = Math.floor(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** A dB value with a real minus sign and one decimal, e.g. `−17.3`. */
export function db(value: number): string {
  const r = Math.round(value * 10) / 10;
  return (r < 0 ? '\u2212' : '') + Math.abs(r).toFixed(1);
}
