import { describe, expect, it } from 'vitest';
import { CallqaError, ErrorCodes } from '../../../core/domain/errors.js';
import { mergeMeta, parseCallMeta, parseTranscript } from '../../../core/rules/analyze-input.js';

function errorOf(fn: () => unknown): CallqaError {
  try {
    fn();
  } catch (e) {
    if (e instanceof CallqaError) return e;
    throw e;
  }
  throw new Error('expected a CallqaError');
}

const minimal = { segments: [{ speaker: 'agent', startMs: 0, endMs: 1500, text: '您好' }] };

describe('parseTranscript', () => {
  it('accepts the minimal shape; callId from the file name, durationMs from the last segment', () => {
    const t = parseTranscript(minimal, 'in/c-20261122-0001.json');
    expect(t).toEqual({ callId: 'c-20261122-0001', durationMs: 1500, segments: [{ speaker: 'agent', startMs: 0, endMs: 1500, text: '您好' }] });
  });

  it('keeps the optional fields, meta and activity', () => {
    const t = parseTranscript(
      {
        callId: 'x',
        durationMs: 9000,
        asrModel: 'whisper-base-q8',
        meta: { isStudent: true, startedAt: '2026-11-22T20:41:07+08:00', channels: { agent: 0, customer: 1 } },
        activity: { agent: [{ startMs: 0, endMs: 1400 }] },
        segments: [{ ...minimal.segments[0], textRaw: '您好', trusted: false, untrustedReason: 'hallucination', loudnessDb: -20.5, peakLoudnessDb: -12, asrLogprob: -0.42, channel: 0, extra: 1 }],
      },
      'x.json',
    );
    expect(t.meta).toEqual({ isStudent: true, startedAt: '2026-11-22T20:41:07+08:00', channels: { agent: 0, customer: 1 } });
    expect(t.activity).toEqual({ agent: [{ startMs: 0, endMs: 1400 }] });
    expect(t.segments[0]).toMatchObject({ trusted: false, untrustedReason: 'hallucination', loudnessDb: -20.5, asrLogprob: -0.42, channel: 0 });
    expect(t.segments[0]).not.toHaveProperty('extra');
    expect(t.asrModel).toBe('whisper-base-q8');
  });

  it.each([
    [[], 'transcript must be an object'],
    [{}, 'segments must be an array'],
    [{ segments: [{ startMs: 0, endMs: 1, text: 'a' }] }, 'segments[0].speaker'],
    [{ segments: [{ speaker: 'boss', startMs: 0, endMs: 1, text: 'a' }] }, 'segments[0].speaker'],
    [{ segments: [minimal.segments[0], { speaker: 'agent', startMs: 1.5, endMs: 2, text: 'a' }] }, 'segments[1].startMs'],
    [{ segments: [{ speaker: 'agent', startMs: 5, endMs: 2, text: 'a' }] }, 'segments[0].endMs'],
    [{ segments: [{ speaker: 'agent', startMs: 0, endMs: 2, text: 7 }] }, 'segments[0].text'],
    [{ segments: [{ speaker: 'agent', startMs: 0, endMs: 2, text: 'a', trusted: 'yes' }] }, 'segments[0].trusted'],
    [{ segments: [{ speaker: 'agent', startMs: 0, endMs: 2, text: 'a', asrLogprob: 0.3 }] }, 'segments[0].asrLogprob'],
    [{ segments: [], durationMs: -1 }, 'durationMs'],
    [{ segments: [], meta: { startedAt: '2026-11-22 20:41' } }, 'meta.startedAt'],
    [{ segments: [], activity: { agent: [{ startMs: 3, endMs: 1 }] } }, 'activity.agent[0].endMs'],
  ])('rejects %j naming the field', (json, field) => {
    const e = errorOf(() => parseTranscript(json, 'calls/bad.json'));
    expect(e.code).toBe(ErrorCodes.TRANSCRIPT_INVALID);
    expect(e.input).toBe('calls/bad.json');
    expect(e.message).toContain('calls/bad.json');
    expect(e.message).toContain(field);
  });
});

describe('parseCallMeta', () => {
  it('accepts the contract example', () => {
    const example = {
      callId: 'c-20261122-0001',
      agentId: 'A1023',
      agencyId: 'agency-7',
      startedAt: '2026-11-22T20:41:07+08:00',
      calleeRole: 'debtor',
      accountClass: 'A2',
      daysOverdue: 12,
      isStudent: false,
      channels: { agent: 0, customer: 1 },
      policy: 'default',
    };
    expect(parseCallMeta(example, 'meta.json')).toEqual(example);
    expect(parseCallMeta({ channels: 'mono', startedAt: '2026-11-22T12:41:07Z' }, 'm.json')).toEqual({ channels: 'mono', startedAt: '2026-11-22T12:41:07Z' });
  });

  it.each([
    ['x', 'metadata must be an object'],
    [{ startedAt: '2026-11-22T20:41:07' }, 'startedAt'],
    [{ startedAt: 'tomorrow' }, 'startedAt'],
    [{ calleeRole: 'boss' }, 'calleeRole'],
    [{ daysOverdue: -3 }, 'daysOverdue'],
    [{ isStudent: 'no' }, 'isStudent'],
    [{ channels: { agent: 0, customer: 0 } }, 'channels'],
    [{ channels: { agent: 0 } }, 'channels.customer'],
    [{ policy: 3 }, 'policy'],
    [{ callId: ' ' }, 'callId'],
  ])('rejects %j with META_INVALID naming the field', (json, field) => {
    const e = errorOf(() => parseCallMeta(json, 'meta.json[a.wav]'));
    expect(e.code).toBe(ErrorCodes.META_INVALID);
    expect(e.message).toContain('meta.json[a.wav]');
    expect(e.message).toContain(field);
  });
});

describe('mergeMeta', () => {
  it('the override wins field by field; undefined fields do not erase', () => {
    expect(mergeMeta({ callId: 'a', isStudent: true, daysOverdue: 3 }, { daysOverdue: 20, policy: 'strict-20h' })).toEqual({
      callId: 'a',
      isStudent: true,
      daysOverdue: 20,
      policy: 'strict-20h',
    });
    expect(mergeMeta(undefined, undefined)).toEqual({});
  });
});
