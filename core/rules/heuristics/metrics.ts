import type { ReportMetrics } from '../../domain/report.js';
import type { SpeechSpan, Transcript } from '../../domain/transcript.js';
import { intersectionMs, speakerSpans, totalMs, unionSpans } from './spans.js';

const NON_TEXT = /[\s\p{P}\p{S}]/gu;

const round1 = (x: number): number => Math.round(x * 10) / 10;
const round2 = (x: number): number => Math.round(x * 100) / 100;

/**
 * Call metrics of the report. Talk times are unions of the VAD spans per speaker (else of the
 * trusted segments), `silenceMs` is the duration minus all speech, `overlapMs` the time agent and
 * customer speak at once. Loudness metrics need the acoustic fields of the segments and are left
 * out for text-only transcripts; `agentMeanLoudnessDb` is the duration-weighted power mean.
 * `agentSpeechRateCps` counts characters of trusted agent text (no punctuation or spaces) per
 * second of trusted agent segments.
 *
 * @param interruptions - the count the interruption heuristic found.
 */
export function computeMetrics(transcript: Transcript, interruptions: number): ReportMetrics {
  const agent = speakerSpans(transcript, 'agent').spans;
  const customer = speakerSpans(transcript, 'customer').spans;
  const unknown = speakerSpans(transcript, 'unknown').spans;
  const speech = unionSpans([...agent, ...customer, ...unknown]);
  const metrics: ReportMetrics = {
    agentTalkMs: totalMs(agent),
    customerTalkMs: totalMs(customer),
    silenceMs: Math.max(0, transcript.durationMs - totalMs(speech)),
    overlapMs: intersectionMs(agent, customer),
    interruptions,
  };

  let peak = -Infinity;
  let powerSum = 0;
  let powerMs = 0;
  let chars = 0;
  const trustedAgent: SpeechSpan[] = [];
  for (const s of transcript.segments) {
    if (s.speaker !== 'agent') continue;
    const durMs = s.endMs - s.startMs;
    const level = s.peakLoudnessDb ?? s.loudnessDb;
    if (typeof level === 'number' && level > peak) peak = level;
    if (typeof s.loudnessDb === 'number' && durMs > 0) {
      powerSum += durMs * 10 ** (s.loudnessDb / 10);
      powerMs += durMs;
    }
    if (s.trusted !== false) {
      chars += s.text.replace(NON_TEXT, '').length;
      trustedAgent.push({ startMs: s.startMs, endMs: s.endMs });
    }
  }
  if (peak > -Infinity) metrics.agentPeakLoudnessDb = round1(peak);
  if (powerMs > 0 && powerSum > 0) metrics.agentMeanLoudnessDb = round1(10 * Math.log10(powerSum / powerMs));
  const agentTextMs = totalMs(unionSpans(trustedAgent));
  if (agentTextMs > 0) metrics.agentSpeechRateCps = round2(chars / (agentTextMs / 1000));
  return metrics;
}
