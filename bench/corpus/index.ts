import { CATEGORIES, type Category } from '../../core/domain/report.js';
import type { ExpectedFinding } from '../lib/detection-score.js';
import { authorityCalls } from './calls-authority.js';
import { cleanCalls } from './calls-clean.js';
import { clientCalls } from './calls-client.js';
import { conductCalls } from './calls-conduct.js';
import { heldOutCalls } from './calls-heldout.js';
import { roundTwoCalls } from './calls-round2.js';
import { roundThreeCalls } from './calls-round3.js';
import { roundFourCalls } from './calls-round4.js';
import { roundFiveCalls } from './calls-round5.js';
import { roundSixCalls } from './calls-round6.js';
import { roundSevenCalls } from './calls-round7.js';
import { roundEightCalls } from './calls-round8.js';
import { roundNineCalls } from './calls-round9.js';
import { signalCalls } from './calls-signals.js';
import { CALL_SCOPE_CATEGORIES, MERGED_CATEGORIES, type CorpusCall } from './types.js';

export type { CorpusCall, CorpusTurn } from './types.js';

/** Every call of the detection corpus, in a stable order. */
export const CORPUS_CALLS: readonly CorpusCall[] = [...clientCalls, ...authorityCalls, ...conductCalls, ...signalCalls, ...cleanCalls, ...roundTwoCalls, ...roundThreeCalls, ...roundFourCalls, ...roundFiveCalls, ...roundSixCalls, ...roundSevenCalls, ...roundEightCalls, ...roundNineCalls, ...heldOutCalls];

/** Calls of a `--quick` smoke run: a client-class violation, impersonation, an escalation, a clean call. */
export const QUICK_CALL_IDS: readonly string[] = ['cl-01', 'im-02', 'es-01', 'ok-02'];

/** Rendered time of one turn, ms from the start of the call. */
export interface TurnTime {
  startMs: number;
  endMs: number;
}

/** Where a call's audio and labels live once rendered (labels JSON written beside the audio). */
export interface RenderedCallLabels {
  callId: string;
  title: string;
  /** File name of the audio, relative to the corpus directory. */
  audio: string;
  durationMs: number;
  meta: CorpusCall['meta'];
  turns: { who: 'agent' | 'customer'; text: string; startMs: number; endMs: number; gainDb?: number }[];
  expected: ExpectedFinding[];
  /** Held out from lexicon tuning ({@link CorpusCall.heldOut}). */
  heldOut?: boolean;
  /** Hash of this call's script and the render settings: its audio and labels are unchanged while it is. */
  callHash?: string;
}

/** Categories the corpus must exercise, how many labelled instances at least. */
export const MIN_INSTANCES_PER_CATEGORY = 2;

/** Throws with the call and the reason when the corpus definition is inconsistent. */
export function validateCorpus(calls: readonly CorpusCall[] = CORPUS_CALLS): void {
  const ids = new Set<string>();
  const fail = (id: string, why: string): never => {
    throw new Error(`corpus call ${id}: ${why}`);
  };
  for (const call of calls) {
    if (!/^[a-z]{2}-\d{2}$/.test(call.id)) fail(call.id, 'id must look like "cl-01"');
    if (ids.has(call.id)) fail(call.id, 'duplicate id');
    ids.add(call.id);
    if (call.turns.length < 8 || call.turns.length > 20) fail(call.id, `has ${call.turns.length} turns (8–20 expected)`);
    if (call.meta.startedAt === undefined || Number.isNaN(Date.parse(call.meta.startedAt))) fail(call.id, 'needs a valid meta.startedAt');
    call.turns.forEach((t, i) => {
      if (t.text.trim().length === 0) fail(call.id, `turn ${i} is empty`);
      if (/[0-9A-Za-z]/.test(t.text)) fail(call.id, `turn ${i} has digits or Latin letters (write numbers in characters): ${t.text}`);
      for (const c of t.expect ?? []) {
        if (CALL_SCOPE_CATEGORIES.includes(c)) fail(call.id, `turn ${i}: ${c} is a whole-call category (use expectCall)`);
        if (c === 'escalation_signal' ? t.who !== 'customer' : t.who !== 'agent') fail(call.id, `turn ${i}: ${c} said by the wrong party`);
      }
      const shouted = (t.gainDb ?? 0) >= 10;
      if (shouted !== (t.expect ?? []).includes('raised_voice')) fail(call.id, `turn ${i}: a gain of ≥ 10 dB and the raised_voice label go together`);
      const prev = call.turns[i - 1];
      const cutsIn = t.who === 'agent' && prev?.who === 'customer' && (t.gapMs ?? 0) <= -1000;
      if (cutsIn !== (t.expect ?? []).includes('interruption')) fail(call.id, `turn ${i}: an agent turn starting ≥ 1 s into customer speech and the interruption label go together`);
    });
    for (const c of call.expectCall ?? []) if (!CALL_SCOPE_CATEGORIES.includes(c)) fail(call.id, `${c} is not a whole-call category`);
  }
}

/** How many labelled instances each category has (merged categories count once per call). */
export function categoryCounts(calls: readonly CorpusCall[] = CORPUS_CALLS): Record<Category, number> {
  const counts = Object.fromEntries(CATEGORIES.map((c) => [c, 0])) as Record<Category, number>;
  for (const call of calls) {
    const seenMerged = new Set<Category>();
    for (const c of call.expectCall ?? []) counts[c]++;
    for (const t of call.turns) {
      for (const c of t.expect ?? []) {
        if (MERGED_CATEGORIES.includes(c)) {
          if (seenMerged.has(c)) continue;
          seenMerged.add(c);
        }
        counts[c]++;
      }
    }
  }
  return counts;
}

/** Calls with no expected finding at all. */
export function isCleanCall(call: CorpusCall): boolean {
  return (call.expectCall ?? []).length === 0 && call.turns.every((t) => (t.expect ?? []).length === 0);
}

/**
 * Turns the call's tags into time-stamped labels from the rendered turn times: one label per
 * tagged turn and category (its span is the turn's), one merged label per call for
 * {@link MERGED_CATEGORIES} (spanning the tagged turns), one whole-call label per `expectCall`.
 */
export function labelsFor(call: CorpusCall, times: readonly TurnTime[], durationMs: number): ExpectedFinding[] {
  if (times.length !== call.turns.length) throw new Error(`corpus call ${call.id}: ${times.length} turn times for ${call.turns.length} turns`);
  const out: ExpectedFinding[] = [];
  const merged = new Map<Category, ExpectedFinding>();
  call.turns.forEach((turn, i) => {
    const time = times[i] as TurnTime;
    for (const category of turn.expect ?? []) {
      if (MERGED_CATEGORIES.includes(category)) {
        const m = merged.get(category);
        if (m) {
          m.startMs = Math.min(m.startMs, time.startMs);
          m.endMs = Math.max(m.endMs, time.endMs);
          m.said = `${m.said ?? ''} | ${turn.text}`;
        } else {
          const label: ExpectedFinding = { callId: call.id, category, startMs: time.startMs, endMs: time.endMs, scope: 'turn', said: turn.text };
          merged.set(category, label);
          out.push(label);
        }
        continue;
      }
      out.push({ callId: call.id, category, startMs: time.startMs, endMs: time.endMs, scope: 'turn', said: turn.text });
    }
  });
  for (const category of call.expectCall ?? []) out.push({ callId: call.id, category, startMs: 0, endMs: durationMs, scope: 'call' });
  return out.sort((a, b) => a.startMs - b.startMs || a.category.localeCompare(b.category));
}
