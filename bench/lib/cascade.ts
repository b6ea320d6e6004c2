import type { Transcript, TranscriptSegment } from '../../core/domain/transcript.js';

/**
 * A base → small cascade, estimated from two kept transcripts of the same call: base's segments
 * stay where base was sure of them (`asrLogprob` at or above `threshold`); where it was not,
 * small's segments of the same speaker whose middle falls inside the base segment take its place.
 * Optimistic: small's words come from decoding whole windows, with their context, not from the
 * unsure stretch alone.
 *
 * @returns the mixed transcript (base's metadata and activity) and the speech time replaced.
 */
export function mixTranscripts(base: Transcript, small: Transcript, threshold: number): { transcript: Transcript; replacedMs: number; speechMs: number } {
  const segments: TranscriptSegment[] = [];
  let replacedMs = 0;
  let speechMs = 0;
  for (const seg of base.segments) {
    const ms = seg.endMs - seg.startMs;
    speechMs += ms;
    if (seg.asrLogprob === undefined || seg.asrLogprob >= threshold) {
      segments.push(seg);
      continue;
    }
    replacedMs += ms;
    for (const s of small.segments) {
      const mid = (s.startMs + s.endMs) / 2;
      if (s.speaker === seg.speaker && mid >= seg.startMs && mid < seg.endMs) segments.push(s);
    }
  }
  segments.sort((a, b) => a.startMs - b.startMs);
  return { transcript: { ...base, segments }, replacedMs, speechMs };
}
