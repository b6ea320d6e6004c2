import { describe, expect, it } from 'vitest';
import type { SpeechSpan, Transcript } from '../../../core/domain/transcript.js';
import { ruleContextFromMeta } from '../../../core/rules/context.js';
import { detectInterruptions, findInterruptions } from '../../../core/rules/heuristics/interruption.js';
import { getPolicy, loadPolicySet, type Policy } from '../../../core/rules/policy/index.js';

const policy = getPolicy(loadPolicySet(), 'default');
const span = (startMs: number, endMs: number): SpeechSpan => ({ startMs, endMs });

function withActivity(agent: SpeechSpan[], customer: SpeechSpan[]): Transcript {
  return {
    callId: 'c',
    durationMs: 60_000,
    segments: agent.map((s, i) => ({ speaker: 'agent' as const, ...s, text: `坐席${i}` })),
    activity: { agent, customer },
  };
}

const detect = (t: Transcript, p: Policy = policy) => detectInterruptions({ transcript: t, ctx: ruleContextFromMeta({}), policy: p });

describe('interruption events', () => {
  it('an agent start inside a customer span counts only when the overlap exceeds the grace', () => {
    const t = withActivity(
      [span(2000, 4000), span(10_500, 13_000), span(20_200, 22_000)],
      [span(0, 3000), span(10_000, 11_400), span(20_000, 21_300)],
    );
    // overlaps: 1000 ms (not > grace), 900 ms, 1100 ms
    const { events, source } = findInterruptions(t, 1000);
    expect(source).toBe('vad');
    expect(events).toEqual([{ atMs: 20_200, overlapMs: 1100 }]);
  });

  it('the customer interrupting the agent does not count, nor does a simultaneous start', () => {
    const t = withActivity([span(0, 8000), span(20_000, 25_000)], [span(3000, 7000), span(20_000, 24_000)]);
    expect(findInterruptions(t, 1000).events).toEqual([]);
  });

  it('an agent span inside a long customer span counts once, the next agent span in it counts too', () => {
    const t = withActivity([span(2000, 5000), span(6000, 9000)], [span(0, 10_000)]);
    expect(findInterruptions(t, 1000).events.map((e) => e.atMs)).toEqual([2000, 6000]);
  });

  it('overlap is bounded by the customer span end', () => {
    const t = withActivity([span(2000, 9000)], [span(0, 2800), span(3000, 9000)]);
    expect(findInterruptions(t, 1000).events).toEqual([]);
  });

  it('falls back to trusted segments when there is no VAD activity', () => {
    const t: Transcript = {
      callId: 'c',
      durationMs: 30_000,
      segments: [
        { speaker: 'customer', startMs: 0, endMs: 5000, text: '我现在真的没有钱' },
        { speaker: 'agent', startMs: 2000, endMs: 6000, text: '你别说了' },
        { speaker: 'customer', startMs: 10_000, endMs: 15_000, text: '听我说', trusted: false },
        { speaker: 'agent', startMs: 11_000, endMs: 14_000, text: '不行' },
      ],
    };
    const r = findInterruptions(t, 1000);
    expect(r.source).toBe('segments');
    expect(r.events).toEqual([{ atMs: 2000, overlapMs: 3000 }]);
  });
});

describe('interruption finding', () => {
  const three = withActivity(
    [span(2000, 5000), span(12_000, 15_000), span(22_000, 26_000)],
    [span(0, 4000), span(10_000, 14_000), span(20_000, 24_500)],
  );

  it('below the threshold: no finding', () => {
    const two = withActivity([span(2000, 5000), span(12_000, 15_000)], [span(0, 4000), span(10_000, 14_000)]);
    expect(detect(two)).toEqual([]);
  });

  it('at the threshold: one finding from the first event to the end of the last overlap, listing each', () => {
    const f = detect(three);
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ category: 'interruption', source: 'acoustic', speaker: 'agent', startMs: 2000, endMs: 24_500 });
    expect(f[0]?.detail).toContain('3 interruptions');
    expect(f[0]?.detail).toContain('0:02 (2.0 s), 0:12 (2.0 s), 0:22 (2.5 s)');
    expect(f[0]?.evidence).toBe('坐席0 | 坐席1 | 坐席2');
  });

  it('follows the policy threshold and grace', () => {
    const perEvent: Policy = { ...policy, interruption: { graceMs: 1000, reportThreshold: 1 } };
    expect(detect(withActivity([span(2000, 5000)], [span(0, 4000)]), perEvent)).toHaveLength(1);
    const lenient: Policy = { ...policy, interruption: { graceMs: 2100, reportThreshold: 3 } };
    expect(detect(three, lenient)).toEqual([]);
  });
});
