/**
 * The four client classes under recognition noise: pinyin homophones, near-homophones,
 * Traditional characters, no punctuation, fillers inside the phrase. Plus negation, allowed
 * phrasings, untrusted text, unknown speakers and time narrowing.
 */
import { describe, expect, it } from 'vitest';
import type { CalleeRole } from '../../../core/domain/call-meta.js';
import type { Speaker, TranscriptSegment } from '../../../core/domain/transcript.js';
import { compileLexiconSet, loadLexiconSet, runLexiconRules } from '../../../core/rules/lexicon/index.js';

const compiled = compileLexiconSet(loadLexiconSet());

function analyse(text: string, opts: { role?: CalleeRole; speaker?: Speaker; trusted?: boolean; startMs?: number; endMs?: number } = {}) {
  const seg: TranscriptSegment = { speaker: opts.speaker ?? 'agent', startMs: opts.startMs ?? 10_000, endMs: opts.endMs ?? 14_000, text };
  if (opts.trusted !== undefined) seg.trusted = opts.trusted;
  const ctx = { meta: {}, calleeRole: opts.role ?? 'debtor', isStudent: false, daysOverdue: 60, accountClass: undefined };
  return runLexiconRules(compiled, { callId: 'noise', durationMs: 20_000, segments: [seg] }, ctx).findings;
}

const categoryOf = (text: string, role: CalleeRole = 'debtor') => [...new Set(analyse(text, { role }).map((f) => f.category))];

describe('ASR-noise variants of the four client classes', () => {
  const cases: Array<[string, string, CalleeRole, string]> = [
    // contact-list threats
    ['contact_list_threat', '你再不还钱我们就联系你同讯录里所有人', 'debtor', 'pinyin'],
    ['contact_list_threat', '你再不还钱我们就联系你通信录里所有人', 'debtor', 'exact'],
    ['contact_list_threat', '你再不還錢我們就聯繫你通訊錄裡所有人', 'debtor', 'exact'],
    ['contact_list_threat', '你再不还钱我们就联系你那个就是通讯录里的人', 'debtor', 'exact'],
    ['contact_list_threat', '让你亲戚朋友都之道你欠钱', 'debtor', 'pinyin'],
    ['contact_list_threat', '我们有你所有亲戚朋友的号码', 'debtor', 'fuzzy'],
    ['contact_list_threat', '再不还就爆你同讯录', 'debtor', 'pinyin'],
    // debt terms to third parties
    ['third_party_disclosure', '他的账单已经预期了', 'third_party', 'exact'],
    ['third_party_disclosure', '他预期三个月了', 'third_party', 'pinyin'],
    ['third_party_disclosure', '他在我们这边有一笔欠欵一直没还', 'third_party', 'pinyin'],
    ['third_party_disclosure', '他的徵信已經花了', 'third_party', 'exact'],
    ['third_party_disclosure', '他的正信会受影响', 'third_party', 'exact'],
    // impersonation
    ['impersonation', '我是发院的你已经被起诉了', 'debtor', 'pinyin'],
    ['impersonation', '我这边是那个人民發院的', 'debtor', 'pinyin'],
    ['impersonation', '我们这边是检查院的', 'debtor', 'pinyin'],
    ['impersonation', '法院傳票已經發出了', 'debtor', 'exact'],
    ['impersonation', '法院传票以经发出了', 'debtor', 'pinyin'],
    ['impersonation', '我们是公建法的', 'debtor', 'exact'],
    // student pressure
    ['student_pressure', '我们会联系你们学效', 'debtor', 'pinyin'],
    ['student_pressure', '讓你學校和輔導員都知道', 'debtor', 'exact'],
    ['student_pressure', '不还的话影响你必业', 'debtor', 'pinyin'],
    ['student_pressure', '这个会记到你当案里', 'debtor', 'pinyin'],
  ];
  it.each(cases)('%s: %s', (category, text, role, method) => {
    const hits = analyse(text, { role }).filter((f) => f.category === category);
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.map((f) => f.match?.method)).toContain(method);
  });

  it('reports the heard words as variant and the lexicon term as term', () => {
    const f = analyse('你再不还钱我们就联系你同讯录里所有人').find((x) => x.category === 'contact_list_threat')!;
    expect(f.match).toEqual({ term: '通讯录里所有人', variant: '同讯录里所有人', method: 'pinyin' });
    expect(f.evidence).toBe('你再不还钱我们就联系你同讯录里所有人');
    expect(f.confidence).toBeCloseTo(0.85, 2);
  });

  it('matches full-width letters and digits like ASCII, and keeps the text as heard', () => {
    const f = analyse('你去投诉啊，随便你打１２３７８').find((x) => x.category === 'complaint_incitement')!;
    expect(f.evidence).toBe('你去投诉啊，随便你打１２３７８');
  });

  it('keeps punctuation and fillers inside the heard variant', () => {
    const f = analyse('我们就联系你，那个，通讯录').find((x) => x.ruleId === 'contact_list.forbidden_word')!;
    expect(f.match?.variant).toBe('联系你，那个，通讯录');
  });

  it('ranks confidence by method: exact > pinyin > fuzzy', () => {
    const conf = (t: string) => analyse(t).find((f) => f.category === 'contact_list_threat')!.confidence;
    expect(conf('让你亲戚朋友都知道你欠钱')).toBeGreaterThan(conf('让你亲戚朋友都之道你欠钱'));
    expect(conf('让你亲戚朋友都之道你欠钱')).toBeGreaterThan(conf('我们有你所有亲戚朋友的号码'));
  });

  it('does not turn ordinary words into client-class hits', () => {
    for (const text of ['他的真心会受影响', '请问您在学校方便接电话吗', '我是你们的客户经理', '您可以去法院网站查询公开信息', '通讯方式有变化吗']) {
      expect(categoryOf(text, 'debtor')).toEqual([]);
    }
  });
});

describe('negation, exclusions and allowed phrasings', () => {
  it.each([
    ['我们不是法院的', 'impersonation'],
    ['不是,我们不是法院,是受委托的公司', 'impersonation'],
    ['我们不会联系您的通讯录', 'contact_list_threat'],
    ['我不是律师,我是XX公司的专员', 'impersonation'],
    ['我是受招商银行委托的催收公司', 'impersonation'],
    ['您未能如约还款,可能会使用您的关联信息了解您的相关情况', 'contact_list_threat'],
    ['我们不会把您的情况告诉您家人', 'contact_list_threat'],
    ['对服务不满意可以打我们公司投诉热线', 'complaint_incitement'],
    ['我们联系了他妈的电话', 'threat_abuse'],
  ])('"%s" does not fire %s', (text, category) => {
    expect(categoryOf(text)).not.toContain(category);
  });

  it('an A-not-A question (是不是, 会不会) is not a negation', () => {
    expect(categoryOf('你是不是脑子进水了')).toContain('threat_abuse');
    expect(categoryOf('你会不会是法院的人')).toEqual([]);
  });

  it('a rhetorical 不是…吗 asserts: it does not negate, while a plain 不是 still does', () => {
    expect(categoryOf('你另一张卡不是还有额度吗,取出来先还这边')).toContain('improper_payment');
    expect(categoryOf('我们不是法院的,是受银行委托的公司')).toEqual([]);
  });

  it('a short fuzzy term keeps its ends: 我吃法院的 is noise, 他是法院的 is another sentence', () => {
    expect(analyse('我吃法院的').map((f) => f.match?.method)).toContain('fuzzy');
    expect(categoryOf('他是法院的')).toEqual([]);
  });

  it('a phrase never reaches across a sentence end; a proximity pair may', () => {
    // 我姓包。您… was read as 包你 (a promise word) next to 分期.
    expect(categoryOf('我姓包。您那笔分期已经欠了三个月了')).toEqual([]);
    expect(categoryOf('我姓包,包你那笔分期直接给你免掉')).toContain('false_promise');
    expect(analyse('我们就联系你通。讯录里的人')).toEqual([]);
    expect(categoryOf('你再不还？就等着吧')).toContain('threat_abuse');
  });

  it('a negator in another clause does not cancel the hit', () => {
    expect(categoryOf('不是,我是法院的')).toContain('impersonation');
  });

  it('a fuzzy match never adds or drops a negation (不是我办的 ≠ 是我办的)', () => {
    expect(analyse('这张卡是我办的', { speaker: 'customer' })).toEqual([]);
    expect(analyse('这张卡不是我办的', { speaker: 'customer' })[0]?.category).toBe('escalation_signal');
  });
});

describe('speaker, trust and timing', () => {
  it('agent rules ignore the customer', () => {
    expect(analyse('你是不是要爆我通讯录', { speaker: 'customer' })).toEqual([]);
  });

  it('untrusted text never raises a finding', () => {
    expect(analyse('我是法院的,你已经被起诉了', { trusted: false })).toEqual([]);
    expect(analyse('我是法院的,你已经被起诉了', { trusted: true }).length).toBeGreaterThan(0);
  });

  it('unknown speakers still fire, with lower confidence and a note', () => {
    const known = analyse('我是法院的').find((f) => f.category === 'impersonation')!;
    const unknown = analyse('我是法院的', { speaker: 'unknown' }).find((f) => f.category === 'impersonation')!;
    expect(unknown.speaker).toBe('unknown');
    expect(unknown.confidence).toBeLessThan(known.confidence);
    expect(unknown.detail).toContain('speaker unknown');
  });

  it('narrows the time span to the hit, inside the segment', () => {
    // 20 characters over 10 s: 通讯录 sits at characters 17–19.
    const f = analyse('好的好的好的好的你要是再不还就曝通讯录', { startMs: 0, endMs: 10_000 }).find((x) => x.ruleId === 'contact_list.forbidden_word')!;
    expect(f.startMs).toBeGreaterThanOrEqual(7000);
    expect(f.endMs).toBeLessThanOrEqual(10_000);
    expect(f.endMs).toBeGreaterThan(f.startMs);
  });

  it('numbers findings f-1… in time order', () => {
    const ctx = { meta: {}, calleeRole: 'debtor' as const, isStudent: false, daysOverdue: 60, accountClass: undefined };
    const segments: TranscriptSegment[] = [
      { speaker: 'agent', startMs: 9000, endMs: 11_000, text: '我是法院的' },
      { speaker: 'agent', startMs: 1000, endMs: 3000, text: '你给我等着' },
    ];
    const { findings } = runLexiconRules(compiled, { callId: 'order', durationMs: 12_000, segments }, ctx);
    expect(findings.map((f) => [f.id, f.category])).toEqual([
      ['f-1', 'threat_abuse'],
      ['f-2', 'impersonation'],
    ]);
  });
});
