import { describe, expect, it } from 'vitest';
import type { CorpusIndex } from '../../../bench/corpus/render.js';
import { scoreScripts } from '../../../bench/lib/script-ceiling.js';

const call = (callId: string, heldOut: boolean, agentLine: string, expected: CorpusIndex['calls'][number]['expected']): CorpusIndex['calls'][number] => ({
  callId,
  title: callId,
  audio: `${callId}.wav`,
  durationMs: 12_000,
  meta: { startedAt: '2026-11-03T10:00:00+08:00', calleeRole: 'debtor', daysOverdue: 40 },
  turns: [
    { who: 'agent', text: '您好，我是受招商银行委托的信达公司的工作人员。', startMs: 500, endMs: 4000 },
    { who: 'customer', text: '嗯，是我。', startMs: 4500, endMs: 5500 },
    { who: 'agent', text: agentLine, startMs: 6000, endMs: 10_000, gainDb: 14 },
  ],
  expected,
  heldOut,
});

const corpus: CorpusIndex = {
  corpusHash: 'test',
  renderedAt: '2026-11-23T00:00:00Z',
  calls: [
    call('t-01', false, '你再不还钱，我们就联系你通讯录里所有人。', [
      { callId: 't-01', category: 'contact_list_threat', startMs: 6000, endMs: 10_000, scope: 'turn' },
      { callId: 't-01', category: 'raised_voice', startMs: 6000, endMs: 10_000, scope: 'turn' },
    ]),
    call('h-01', true, '这个月您方便的时候记得按时还款。', [{ callId: 'h-01', category: 'impersonation', startMs: 6000, endMs: 10_000, scope: 'turn' }]),
  ],
};

describe('scoreScripts (the lexicons scored on perfect transcripts)', () => {
  it('finds the scripted words at their turn, and leaves the acoustic categories out of the count', () => {
    const d = scoreScripts(corpus, (c) => !c.heldOut);
    expect(d.micro.truePositives).toBe(1);
    expect(d.micro.falseNegatives).toBe(0);
    expect(d.perCategory.raised_voice?.expected ?? 0).toBe(0);
    expect(d.locationAccuracy).toBe(1);
  });

  it('scores only the calls asked for: a label its script does not carry is a miss', () => {
    const d = scoreScripts(corpus, (c) => c.heldOut === true);
    expect(d.micro.truePositives).toBe(0);
    expect(d.micro.falseNegatives).toBe(1);
    expect(d.misses[0]?.callId).toBe('h-01');
  });
});
