import type { SpeechSpan, Transcript } from '../../domain/transcript.js';
import { clock, speakerSpans, type SpanSource } from './spans.js';
import type { DraftFinding, HeuristicInput } from './types.js';

/** The agent starting to speak over the customer. */
export interface InterruptionEvent {
  /** When the agent started (inside a customer span). */
  atMs: number;
  /** How long both spoke at once from then on. */
  overlapMs: number;
}

/**
 * Every agent speech span that starts while a customer span is active and keeps overlapping it
 * for more than `graceMs`. A customer talking over the agent is not counted; neither is a
 * simultaneous start. Uses the VAD activity when present, else the (coarser) segment times.
 */
export function findInterruptions(
  transcript: Transcript,
  graceMs: number,
): { events: InterruptionEvent[]; source: SpanSource } {
  const agent = speakerSpans(transcript, 'agent');
  const customer = speakerSpans(transcript, 'customer').spans;
  const events: InterruptionEvent[] = [];
  let j = 0;
  for (const a of agent.spans) {
    // Customer spans are sorted and disjoint: skip those that ended before this agent span starts.
    while (j < customer.length && (customer[j] as SpeechSpan).endMs <= a.startMs) j++;
    const c = customer[j];
    if (!c || !(c.startMs < a.startMs)) continue;
    const overlapMs = Math.min(a.endMs, c.endMs) - a.startMs;
    if (overlapMs > graceMs) events.push({ atMs: a.startMs, overlapMs });
  }
  return { events, source: agent.source === 'vad' && transcript.activity?.customer ? 'vad' : 'segments' };
}

function agentTextAt(transcript: Transcript, atMs: number): string {
  const seg =
    transcript.segments.find((s) => s.speaker === 'agent' && s.startMs <= atMs && atMs < s.endMs) ??
    transcript.segments.find((s) => s.speaker === 'agent' && s.startMs >= atMs);
  return seg?.text ?? '';
}

/**
 * `interruption`: one finding per call once the call holds at least `reportThreshold`
 * interruptions (the seeds name no per-event rule; listening is judged over the call). It spans
 * the first to the last event; `detail` lists each event.
 */
export function detectInterruptions(
  { transcript, policy }: HeuristicInput,
  found: { events: InterruptionEvent[]; source: SpanSource } = findInterruptions(transcript, policy.interruption.graceMs),
): DraftFinding[] {
  const { events, source } = found;
  const { reportThreshold, graceMs } = policy.interruption;
  if (events.length < reportThreshold) return [];
  const first = events[0] as InterruptionEvent;
  const last = events.at(-1) as InterruptionEvent;
  const texts = events.slice(0, 3).map((e) => agentTextAt(transcript, e.atMs)).filter((t) => t.length > 0);
  const list = events.map((e) => `${clock(e.atMs)} (${(e.overlapMs / 1000).toFixed(1)} s)`).join(', ');
  return [
    {
      ruleId: 'tone.interruption',
      category: 'interruption',
      severity: 'minor',
      source: 'acoustic',
      speaker: 'agent',
      startMs: first.atMs,
      endMs: last.atMs + last.overlapMs,
      evidence: texts.join(' | '),
      confidence: source === 'vad' ? 0.85 : 0.5,
      penaltyClass: 'none',
      detail:
        `${events.length} interruptions (threshold ${reportThreshold}, grace ${graceMs} ms, from ${source === 'vad' ? 'VAD activity' : 'segment times'}): ` +
        list,
    },
  ];
}
