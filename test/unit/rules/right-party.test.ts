/** Right-party inference: who is on the line, in time order, when the metadata says `unknown`. */
import { describe, expect, it } from 'vitest';
import type { CalleeRole } from '../../../core/domain/call-meta.js';
import type { Speaker } from '../../../core/domain/transcript.js';
import { compileLexiconSet, loadLexiconSet, runLexiconRules } from '../../../core/rules/lexicon/index.js';

const compiled = compileLexiconSet(loadLexiconSet());

function call(turns: Array<[Speaker, string]>, role: CalleeRole = 'unknown') {
  const segments = turns.map(([speaker, text], i) => ({ speaker, text, startMs: i * 3000, endMs: i * 3000 + 2500 }));
  const ctx = { meta: {}, calleeRole: role, isStudent: false, daysOverdue: 30, accountClass: undefined };
  return runLexiconRules(compiled, { callId: 'rp', durationMs: turns.length * 3000, segments }, ctx);
}
const disclosures = (r: ReturnType<typeof call>) => r.findings.filter((f) => f.category === 'third_party_disclosure');

describe('right-party inference', () => {
  it.each([
    ['我不是他本人'],
    ['我是他同事,他不在'],
    ['我是他妈妈'],
    ['他不在,出去了'],
    ['你打错了吧'],
    ['我不认识这个人'],
    ['她是我女儿'],
  ])('"%s" makes the callee a third party; debt terms after it are disclosures', (reply) => {
    const r = call([
      ['agent', '您好,请问是张三先生本人吗'],
      ['customer', reply],
      ['agent', '他的信用卡已经逾期三个月了'],
    ]);
    expect(r.calleeRole).toBe('third_party');
    expect(r.roleChanges).toEqual([expect.objectContaining({ role: 'third_party', atMs: 3000 })]);
    const d = disclosures(r);
    expect(d).toHaveLength(1);
    expect(d[0]!.detail).toContain('said to a third party');
  });

  it.each([['是我,什么事'], ['对,我就是'], ['嗯'], ['是的'], ['我是本人'], ['对对对']])('"%s" after the verification question verifies the debtor', (reply) => {
    const r = call([
      ['agent', '您好,请问是张三先生本人吗'],
      ['customer', reply],
      ['agent', '您的账单已经逾期三个月了,今天能处理吗'],
    ]);
    expect(r.calleeRole).toBe('debtor');
    expect(disclosures(r)).toEqual([]);
  });

  it('a short yes without a verification question verifies nobody', () => {
    const r = call([
      ['agent', '喂您好'],
      ['customer', '嗯'],
      ['agent', '您的账单已经逾期三个月了'],
    ]);
    expect(r.calleeRole).toBe('unknown');
    expect(disclosures(r)).toHaveLength(1);
    expect(disclosures(r)[0]!.detail).toContain('before the callee confirmed');
  });

  it('debt terms before the confirmation are disclosures, after it they are not', () => {
    const r = call([
      ['agent', '您好,您的账单已经逾期了'],
      ['agent', '请问是张三先生本人吗'],
      ['customer', '对,是我'],
      ['agent', '您的账单已经逾期二十天了'],
    ]);
    expect(disclosures(r).map((f) => f.startMs)).toEqual([expect.any(Number)]);
    expect(disclosures(r)[0]!.startMs).toBeLessThan(3000);
  });

  it('the role follows the conversation: a third party who hands over the phone', () => {
    const r = call([
      ['customer', '他不在,我是他老婆'],
      ['customer', '等一下他回来了'],
      ['agent', '请问是张三先生本人吗'],
      ['customer', '对,是我本人'],
    ]);
    expect(r.calleeRole).toBe('debtor');
    expect(r.roleChanges.map((c) => c.role)).toEqual(['third_party', 'debtor']);
  });

  it('a third party stays one when 是我 only stands inside a longer sentence of theirs', () => {
    const r = call([
      ['agent', '请问是刘先生吗'],
      ['customer', '他在卫生间呢,我是他爱人'],
      ['agent', '刘先生的信用卡已经逾期两个多月了'],
      ['customer', '凭什么我还,我的工资卡都是我自己管的'],
      ['agent', '你就先帮他还一半,行不行'],
    ]);
    expect(r.calleeRole).toBe('third_party');
    expect(r.roleChanges.map((c) => c.role)).toEqual(['third_party']);
    expect(r.findings.some((f) => f.category === 'third_party_collection' && f.startMs === 12_000)).toBe(true);
  });

  it('the agent speaking of the debtor as someone else makes an unheard callee a third party', () => {
    const r = call([
      ['agent', '请问是刘先生吗'],
      ['customer', '他在为生间我是他爱任'],
      ['agent', '好的,那麻烦您转告他尽快回个电话'],
      ['agent', '你就先帮他还一半,行不行'],
    ]);
    expect(r.roleChanges).toEqual([expect.objectContaining({ role: 'third_party', atMs: 6000 })]);
    expect(r.findings.map((f) => f.category)).toContain('third_party_collection');
    // A confirmed debtor stays one whatever the agent says.
    const d = call([
      ['agent', '请问是刘先生本人吗'],
      ['customer', '对,是我'],
      ['agent', '麻烦您转告他尽快回个电话'],
    ]);
    expect(d.calleeRole).toBe('debtor');
  });

  it.each([['喂,是我,什么事'], ['是我本人,你说吧']])('after a third party, "%s" still hands the call to the debtor', (reply) => {
    const r = call([
      ['customer', '他不在,我是他老婆'],
      ['customer', reply],
      ['agent', '您的账单已经逾期三个月了'],
    ]);
    expect(r.calleeRole).toBe('debtor');
    expect(disclosures(r)).toEqual([]);
  });

  it('a role given by the metadata is never overridden', () => {
    const r = call([
      ['customer', '我不是他本人'],
      ['agent', '您的账单已经逾期了'],
    ], 'debtor');
    expect(r.calleeRole).toBe('debtor');
    expect(r.roleChanges).toEqual([]);
    expect(disclosures(r)).toEqual([]);
  });

  it('a third party willing to repay may hear the amount', () => {
    const turns: Array<[Speaker, string]> = [
      ['customer', '我是他妈妈'],
      ['customer', '我替他还吧,多少钱'],
      ['agent', '他一共欠了8230元'],
    ];
    expect(disclosures(call(turns))).toEqual([]);
    expect(disclosures(call([turns[0]!, turns[2]!]))).toHaveLength(1);
  });

  it('the customer\'s own debt words are never disclosures', () => {
    const r = call([
      ['customer', '我不是他本人'],
      ['customer', '他是不是欠你们钱了'],
    ]);
    expect(r.findings).toEqual([]);
  });

  it('untrusted segments do not change the role', () => {
    const segments = [
      { speaker: 'customer' as const, text: '我不是他本人', startMs: 0, endMs: 1000, trusted: false },
      { speaker: 'agent' as const, text: '请问是张三本人吗', startMs: 2000, endMs: 3000 },
    ];
    const ctx = { meta: {}, calleeRole: 'unknown' as const, isStudent: false, daysOverdue: 30, accountClass: undefined };
    expect(runLexiconRules(compiled, { callId: 'u', durationMs: 3000, segments }, ctx).calleeRole).toBe('unknown');
  });

  describe('a tie the callee claimed, repeated by the agent', () => {
    const guesses = (r: ReturnType<typeof call>) => r.findings.filter((f) => f.ruleId === 'third_party.relationship_guessing');
    it.each([
      ['不是,他在洗澡,我是他爱人', '您是他爱人是吧'],
      ['我是他妈', '你是他妈妈吧'],
    ])('after "%s", "%s" confirms and is no guess', (claim, echo) => {
      expect(guesses(call([['agent', '请问是陈先生吗'], ['customer', claim], ['agent', echo]]))).toEqual([]);
    });

    it.each([
      ['我不是他老婆,我是他同事', '你不是他老婆吗'],
      ['我是他朋友', '你是他老婆吧'],
      ['你找他干嘛', '你是他老婆吧'],
    ])('after "%s", "%s" is still a guess', (reply, guess) => {
      expect(guesses(call([['agent', '请问是陈先生吗'], ['customer', reply], ['agent', guess]]))).toHaveLength(1);
    });
  });
});
