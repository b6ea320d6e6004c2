import { describe, expect, it } from 'vitest';
import type { CallMeta } from '../../../core/domain/call-meta.js';
import { ruleContextFromMeta } from '../../../core/rules/context.js';
import { detectCallingHours, localTime } from '../../../core/rules/heuristics/calling-hours.js';
import { getPolicy, loadPolicySet } from '../../../core/rules/policy/index.js';

const set = loadPolicySet();
const transcript = { callId: 'c', durationMs: 1000, segments: [] };

function hours(meta: CallMeta, policyName = 'default') {
  return detectCallingHours({ transcript, ctx: ruleContextFromMeta(meta), policy: getPolicy(set, policyName) });
}

describe('calling hours', () => {
  it('20:41 +08:00: a student is outside 08:00–20:00, a general callee inside 08:00–21:00', () => {
    const student = hours({ startedAt: '2026-11-22T20:41:07+08:00', isStudent: true });
    expect(student).toHaveLength(1);
    expect(student[0]).toMatchObject({ ruleId: 'hours.student_window', category: 'calling_hours', source: 'metadata', startMs: 0 });
    expect(student[0]?.detail).toContain('08:00–20:00');
    expect(student[0]?.evidence).toContain('2026-11-22 20:41 Asia/Shanghai');
    expect(hours({ startedAt: '2026-11-22T20:41:07+08:00' })).toEqual([]);
  });

  it('07:30 is outside for everybody; 08:00:00 and 21:00:00 are inside, 21:00:01 is not', () => {
    expect(hours({ startedAt: '2026-11-22T07:30:00+08:00' })[0]?.ruleId).toBe('hours.general_window');
    expect(hours({ startedAt: '2026-11-22T08:00:00+08:00' })).toEqual([]);
    expect(hours({ startedAt: '2026-11-22T21:00:00+08:00' })).toEqual([]);
    expect(hours({ startedAt: '2026-11-22T21:00:01+08:00' })).toHaveLength(1);
    expect(hours({ startedAt: '2026-11-22T07:59:59+08:00' })).toHaveLength(1);
  });

  it('a UTC timestamp is converted to Asia/Shanghai (UTC+8)', () => {
    // 12:41Z = 20:41 in Shanghai: fine for a general callee, outside for a student.
    expect(hours({ startedAt: '2026-11-22T12:41:07Z' })).toEqual([]);
    expect(hours({ startedAt: '2026-11-22T12:41:07Z', isStudent: true })).toHaveLength(1);
    // 23:30Z = 07:30 next day in Shanghai.
    const f = hours({ startedAt: '2026-11-22T23:30:00Z' });
    expect(f).toHaveLength(1);
    expect(f[0]?.evidence).toContain('2026-11-23 07:30');
  });

  it('another offset is converted too: 09:00-05:00 is 22:00 in Shanghai', () => {
    expect(hours({ startedAt: '2026-11-22T09:00:00-05:00' })).toHaveLength(1);
    expect(localTime(Date.parse('2026-11-22T09:00:00-05:00'), 'Asia/Shanghai').label).toBe('2026-11-22 22:00');
  });

  it('the profile decides: 20:41 is outside strict-20h, 21:41 inside extended-22h', () => {
    expect(hours({ startedAt: '2026-11-22T20:41:07+08:00' }, 'strict-20h')).toHaveLength(1);
    expect(hours({ startedAt: '2026-11-22T21:41:07+08:00' }, 'extended-22h')).toEqual([]);
    expect(hours({ startedAt: '2026-11-22T21:41:07+08:00' }, 'default')).toHaveLength(1);
    expect(hours({ startedAt: '2026-11-22T20:41:07+08:00', isStudent: true }, 'extended-22h')).toHaveLength(1);
  });

  it('no startedAt: nothing to judge, no finding', () => {
    expect(hours({})).toEqual([]);
    expect(hours({ isStudent: true })).toEqual([]);
  });
});
