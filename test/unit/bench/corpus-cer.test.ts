import { describe, expect, it } from 'vitest';
import type { RenderedCallLabels } from '../../../bench/corpus/index.js';
import { corpusCer } from '../../../bench/lib/corpus-cer.js';
import type { DetectionCallResult } from '../../../bench/lib/results.js';

const script = (callId: string, agent: string[], customer: string[]): RenderedCallLabels => ({
  callId,
  title: callId,
  audio: `${callId}.wav`,
  durationMs: 10_000,
  meta: {} as RenderedCallLabels['meta'],
  turns: [...agent.map((text) => ({ who: 'agent' as const, text, startMs: 0, endMs: 1 })), ...customer.map((text) => ({ who: 'customer' as const, text, startMs: 0, endMs: 1 }))],
  expected: [],
});
const heard = (callId: string, segments: [string, string, boolean?][]): DetectionCallResult => ({
  callId,
  audioMs: 10_000,
  wallMs: 1000,
  findings: [],
  segments: segments.map(([speaker, text, trusted]) => ({ speaker, text, startMs: 0, endMs: 1, trusted: trusted ?? true })),
});

describe('corpusCer', () => {
  it('scores each side of the call against its own scripted turns, summed over calls', () => {
    const scripts = [script('a', ['你好，', '请问是张先生吗？'], ['是我。']), script('b', ['我们是受银行委托的'], ['好的'])];
    // a: agent split differently but word-perfect, customer one substitution; b: agent two errors, customer perfect.
    const runs = [heard('a', [['agent', '你好请问'], ['agent', '是张先生吗'], ['customer', '是哦']]), heard('b', [['agent', '我能是受银行伟托的'], ['customer', '好的']])];
    const cer = corpusCer(runs, scripts);
    expect(cer?.calls).toBe(2);
    expect(cer?.agent).toBeCloseTo(2 / (9 + 9), 6);
    expect(cer?.customer).toBeCloseTo(1 / (2 + 2), 6);
  });
  it('leaves untrusted text out (it never reaches the rules) and counts what was not heard as deletions', () => {
    const scripts = [script('a', ['通讯录'], ['嗯，好'])];
    const cer = corpusCer([heard('a', [['agent', '通讯录', false], ['customer', '嗯好']])], scripts);
    expect(cer?.agent).toBe(1);
    expect(cer?.customer).toBe(0);
  });
  it('is undefined when no call of the run is in the corpus', () => {
    expect(corpusCer([heard('zz', [['agent', '你好']])], [script('a', ['你好'], ['好'])])).toBeUndefined();
    expect(corpusCer([], [])).toBeUndefined();
  });
});
