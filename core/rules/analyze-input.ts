import { basename, extname } from 'node:path';
import type { CallMeta } from '../domain/call-meta.js';
import { CallqaError, ErrorCodes, type ErrorCode } from '../domain/errors.js';
import type { SpeechActivity, SpeechSpan, Transcript, TranscriptSegment } from '../domain/transcript.js';

/** The speakers and callee roles a transcript or metadata may name. */
export const SPEAKERS: ReadonlySet<string> = new Set(['agent', 'customer', 'unknown']);
export const ROLES: ReadonlySet<string> = new Set(['debtor', 'third_party', 'unknown']);
const UNTRUSTED = new Set(['no_speech_energy', 'hallucination', 'repetition']);
const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/;

type Obj = Record<string, unknown>;

class Checker {
  readonly code: ErrorCode;
  readonly input: string;
  constructor(code: ErrorCode, input: string) {
    this.code = code;
    this.input = input;
  }
  fail(field: string, reason: string): never {
    throw new CallqaError(this.code, `${this.input}: ${field} ${reason}`, { input: this.input });
  }
  object(v: unknown, field: string): Obj {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) this.fail(field, 'must be an object');
    return v as Obj;
  }
  optString(o: Obj, key: string, field: string): string | undefined {
    const v = o[key];
    if (v === undefined) return undefined;
    if (typeof v !== 'string') this.fail(`${field}${key}`, 'must be a string');
    return v;
  }
  ms(v: unknown, field: string): number {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) this.fail(field, 'must be a non-negative integer (ms)');
    return v;
  }
  optNumber(o: Obj, key: string, field: string): number | undefined {
    const v = o[key];
    if (v === undefined) return undefined;
    if (typeof v !== 'number' || !Number.isFinite(v)) this.fail(`${field}${key}`, 'must be a finite number');
    return v;
  }
  optBoolean(o: Obj, key: string, field: string): boolean | undefined {
    const v = o[key];
    if (v === undefined) return undefined;
    if (typeof v !== 'boolean') this.fail(`${field}${key}`, 'must be true or false');
    return v;
  }
}

function parseMetaWith(c: Checker, json: unknown, prefix: string): CallMeta {
  const o = c.object(json, prefix === '' ? 'metadata' : prefix.slice(0, -1));
  const meta: CallMeta = {};
  for (const key of ['callId', 'agentId', 'agencyId', 'accountClass', 'policy'] as const) {
    const v = c.optString(o, key, prefix);
    if (v !== undefined) meta[key] = v;
  }
  if (meta.callId !== undefined && meta.callId.trim() === '') c.fail(`${prefix}callId`, 'must not be empty');
  const startedAt = c.optString(o, 'startedAt', prefix);
  if (startedAt !== undefined) {
    if (!ISO_WITH_OFFSET.test(startedAt) || Number.isNaN(Date.parse(startedAt))) {
      c.fail(`${prefix}startedAt`, `must be an ISO 8601 timestamp with offset, e.g. 2026-11-22T20:41:07+08:00 (got "${startedAt}")`);
    }
    meta.startedAt = startedAt;
  }
  const role = o['calleeRole'];
  if (role !== undefined) {
    if (typeof role !== 'string' || !ROLES.has(role)) c.fail(`${prefix}calleeRole`, 'must be debtor, third_party or unknown');
    meta.calleeRole = role as CallMeta['calleeRole'] & string;
  }
  const days = o['daysOverdue'];
  if (days !== undefined) {
    if (typeof days !== 'number' || !Number.isInteger(days) || days < 0) c.fail(`${prefix}daysOverdue`, 'must be a non-negative integer');
    meta.daysOverdue = days;
  }
  const isStudent = c.optBoolean(o, 'isStudent', prefix);
  if (isStudent !== undefined) meta.isStudent = isStudent;
  const channels = o['channels'];
  if (channels !== undefined) {
    if (channels === 'mono') meta.channels = 'mono';
    else {
      const ch = c.object(channels, `${prefix}channels`);
      const agent = ch['agent'];
      const customer = ch['customer'];
      for (const [k, v] of [['agent', agent], ['customer', customer]] as const) {
        if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) c.fail(`${prefix}channels.${k}`, 'must be a channel index (integer ≥ 0)');
      }
      if (agent === customer) c.fail(`${prefix}channels`, 'agent and customer must be different channels');
      meta.channels = { agent: agent as number, customer: customer as number };
    }
  }
  return meta;
}

/**
 * Validates call metadata (contract section 2). Every field is optional; unknown fields are
 * ignored.
 * @param input - the file (or `file[key]`) the object came from, named in errors.
 * @throws CallqaError META_INVALID naming the input and the bad field.
 */
export function parseCallMeta(json: unknown, input: string): CallMeta {
  return parseMetaWith(new Checker(ErrorCodes.META_INVALID, input), json, '');
}

function parseSpans(c: Checker, v: unknown, field: string): SpeechSpan[] {
  if (!Array.isArray(v)) c.fail(field, 'must be an array of { startMs, endMs }');
  return v.map((item, i) => {
    const o = c.object(item, `${field}[${i}]`);
    const startMs = c.ms(o['startMs'], `${field}[${i}].startMs`);
    const endMs = c.ms(o['endMs'], `${field}[${i}].endMs`);
    if (endMs < startMs) c.fail(`${field}[${i}].endMs`, 'must not be before startMs');
    return { startMs, endMs };
  });
}

function parseSegment(c: Checker, item: unknown, i: number): TranscriptSegment {
  const f = `segments[${i}].`;
  const o = c.object(item, `segments[${i}]`);
  const speaker = o['speaker'];
  if (typeof speaker !== 'string' || !SPEAKERS.has(speaker)) c.fail(`${f}speaker`, 'must be agent, customer or unknown');
  const startMs = c.ms(o['startMs'], `${f}startMs`);
  const endMs = c.ms(o['endMs'], `${f}endMs`);
  if (endMs < startMs) c.fail(`${f}endMs`, `(${endMs}) must not be before startMs (${startMs})`);
  const text = o['text'];
  if (typeof text !== 'string') c.fail(`${f}text`, 'must be a string');
  const seg: TranscriptSegment = { speaker: speaker as TranscriptSegment['speaker'], startMs, endMs, text };
  const textRaw = c.optString(o, 'textRaw', f);
  if (textRaw !== undefined) seg.textRaw = textRaw;
  const trusted = c.optBoolean(o, 'trusted', f);
  if (trusted !== undefined) seg.trusted = trusted;
  const inferred = c.optBoolean(o, 'speakerInferred', f);
  if (inferred !== undefined) seg.speakerInferred = inferred;
  const channel = o['channel'];
  if (channel !== undefined) seg.channel = c.ms(channel, `${f}channel`);
  const loudnessDb = c.optNumber(o, 'loudnessDb', f);
  if (loudnessDb !== undefined) seg.loudnessDb = loudnessDb;
  const peakLoudnessDb = c.optNumber(o, 'peakLoudnessDb', f);
  if (peakLoudnessDb !== undefined) seg.peakLoudnessDb = peakLoudnessDb;
  const asrLogprob = c.optNumber(o, 'asrLogprob', f);
  if (asrLogprob !== undefined) {
    if (asrLogprob > 0) c.fail(`${f}asrLogprob`, 'must be at most 0 (a log-probability)');
    seg.asrLogprob = asrLogprob;
  }
  const reason = o['untrustedReason'];
  if (reason !== undefined) {
    if (typeof reason !== 'string' || !UNTRUSTED.has(reason)) c.fail(`${f}untrustedReason`, 'must be no_speech_energy, hallucination or repetition');
    seg.untrustedReason = reason as TranscriptSegment['untrustedReason'] & string;
  }
  return seg;
}

/**
 * Validates a transcript (contract section 3). Only `segments[].speaker`, `startMs`, `endMs` and
 * `text` are required; `callId` defaults to the file name without extension, `durationMs` to the
 * last segment end. The optional `meta` (section 2), `activity` (VAD spans per speaker),
 * `asrModel` and the acoustic segment fields are validated when present.
 *
 * @param input - the file name, named in errors and used for the default `callId`.
 * @throws CallqaError TRANSCRIPT_INVALID naming the file and the bad field.
 * @example
 * const transcript = parseTranscript(JSON.parse(text), 'calls/c-1.json');
 */
export function parseTranscript(json: unknown, input: string): Transcript {
  const c = new Checker(ErrorCodes.TRANSCRIPT_INVALID, input);
  const o = c.object(json, 'transcript');
  if (!Array.isArray(o['segments'])) c.fail('segments', 'must be an array');
  const segments = (o['segments'] as unknown[]).map((item, i) => parseSegment(c, item, i));
  let lastEndMs = 0;
  for (const s of segments) if (s.endMs > lastEndMs) lastEndMs = s.endMs;

  const callId = c.optString(o, 'callId', '') ?? basename(input, extname(input));
  const durationMs = o['durationMs'] === undefined ? lastEndMs : c.ms(o['durationMs'], 'durationMs');
  const transcript: Transcript = { callId, durationMs, segments };
  if (o['meta'] !== undefined) transcript.meta = parseMetaWith(c, o['meta'], 'meta.');
  const asrModel = c.optString(o, 'asrModel', '');
  if (asrModel !== undefined) transcript.asrModel = asrModel;
  if (o['activity'] !== undefined) {
    const a = c.object(o['activity'], 'activity');
    const activity: SpeechActivity = {};
    for (const k of ['agent', 'customer', 'unknown'] as const) {
      if (a[k] !== undefined) activity[k] = parseSpans(c, a[k], `activity.${k}`);
    }
    transcript.activity = activity;
  }
  return transcript;
}

/**
 * Metadata for a call: the transcript's own `meta`, overridden field by field by `override`
 * (the command line's `--meta`).
 */
export function mergeMeta(base: CallMeta | undefined, override: CallMeta | undefined): CallMeta {
  const out: CallMeta = { ...base };
  if (override) {
    for (const [k, v] of Object.entries(override)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  }
  return out;
}
