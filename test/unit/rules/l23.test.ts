/**
 * The seeds digest's L23 false-positive / true-positive table, line by line. Each case is a
 * short call (context segments, then the utterance) with the callee role the table names.
 * Policy-dependent lines state the decision taken.
 */
import { describe, expect, it } from 'vitest';
import type { CalleeRole } from '../../../core/domain/call-meta.js';
import type { Speaker } from '../../../core/domain/transcript.js';
import { compileLexiconSet, loadLexiconSet, runLexiconRules, type LexiconRunOptions } from '../../../core/rules/lexicon/index.js';

const compiled = compileLexiconSet(loadLexiconSet());

type Turn = [Speaker, string];
interface Case {
  n: number;
  turns: Turn[];
  role: CalleeRole;
  daysOverdue?: number;
  isStudent?: boolean;
  opts?: LexiconRunOptions;
  /** Rule ids expected among the findings of the last turn; empty = no finding at all. */
  expect: string[];
}

function run(c: Case) {
  const segments = c.turns.map(([speaker, text], i) => ({ speaker, text, startMs: i * 4000, endMs: i * 4000 + 3500 }));
  const ctx = { meta: {}, calleeRole: c.role, isStudent: c.isStudent ?? false, daysOverdue: c.daysOverdue ?? 60, accountClass: undefined };
  const res = runLexiconRules(compiled, { callId: `l23-${c.n}`, durationMs: segments.length * 4000, segments }, ctx, c.opts);
  const lastStart = (c.turns.length - 1) * 4000;
  return { ...res, last: res.findings.filter((f) => f.startMs >= lastStart) };
}

const cases: Case[] = [
  { n: 1, turns: [['agent', '您的账单已经逾期20天了,今天能处理吗?']], role: 'debtor', expect: [] },
  // Unknown answerer on the debtor's number, nobody confirmed identity: disclosure.
  { n: 2, turns: [['agent', '您的账单已经逾期20天了']], role: 'unknown', expect: ['third_party.debt_terms_disclosure'] },
  { n: 3, turns: [['agent', '麻烦您转告他账户有异常,请他回电']], role: 'third_party', expect: [] },
  { n: 4, turns: [['agent', '他欠我们八千块,你让他赶紧还']], role: 'third_party', expect: ['third_party.debt_terms_disclosure', 'third_party.collection_talk'] },
  { n: 5, turns: [['customer', '我替他还吧,多少钱?'], ['agent', '一共是8230元']], role: 'third_party', expect: [] },
  { n: 6, turns: [['agent', '请问您愿意帮他处理一下吗?']], role: 'third_party', expect: [] },
  {
    n: 7,
    turns: [['agent', '请问您愿意帮他处理一下吗?'], ['customer', '我不管'], ['agent', '请问您愿意帮他处理一下吗?']],
    role: 'third_party',
    expect: ['third_party.repeated_repayment_request'],
  },
  { n: 8, turns: [['agent', '您未能如约还款,可能会使用您的关联信息了解您的相关情况']], role: 'debtor', expect: [] },
  { n: 9, turns: [['agent', '不还就联系你通讯录里所有人']], role: 'debtor', expect: ['contact_list.forbidden_word'] },
  // Decision: lenient by default (a negated mention is not a finding) …
  { n: 10, turns: [['agent', '我们不会联系您的通讯录']], role: 'debtor', expect: [] },
  // … and strict mode (policy) follows the seed's letter: the word appeared.
  { n: 10, turns: [['agent', '我们不会联系您的通讯录']], role: 'debtor', opts: { strict: true }, expect: ['contact_list.forbidden_word'] },
  { n: 11, turns: [['customer', '你是不是要爆我通讯录?']], role: 'debtor', expect: [] },
  { n: 12, turns: [['agent', '我是受XX银行委托的XX公司的,工号1234']], role: 'unknown', expect: [] },
  { n: 13, turns: [['agent', '我是法院的,你已经被起诉了']], role: 'debtor', expect: ['impersonation.public_security_procuratorate_court', 'impersonation.fabricated_legal_process'] },
  { n: 14, turns: [['agent', '不是,我们不是法院,是受委托的公司']], role: 'debtor', expect: [] },
  { n: 15, turns: [['agent', '你不是他老婆吗?']], role: 'third_party', expect: ['third_party.relationship_guessing'] },
  { n: 16, turns: [['agent', '请问您和他是什么关系?']], role: 'third_party', expect: [] },
  { n: 17, turns: [['agent', '你去投诉啊,随便你打12378']], role: 'debtor', expect: ['complaint.incite_external'] },
  { n: 18, turns: [['agent', '对服务不满意可以打我们公司投诉热线']], role: 'debtor', expect: [] },
  { n: 19, turns: [['agent', '转我个人支付宝,我帮你还']], role: 'debtor', expect: ['payment.personal_collection'] },
  { n: 20, turns: [['agent', '请通过手机银行还款']], role: 'debtor', expect: [] },
  { n: 21, turns: [['agent', '去借呗借点先还上']], role: 'debtor', expect: ['payment.borrow_to_repay'] },
  { n: 22, turns: [['agent', '让你学校和辅导员都知道']], role: 'debtor', isStudent: true, expect: ['student.school_reputation_pressure'] },
  // Decision: school words reveal the student context, so the rule fires without the flag too.
  { n: 22, turns: [['agent', '让你学校和辅导员都知道']], role: 'debtor', isStudent: false, expect: ['student.school_reputation_pressure'] },
  { n: 23, turns: [['agent', '请问您还是在校学生吗?']], role: 'debtor', expect: [] },
  { n: 24, turns: [['customer', '我不想活了']], role: 'debtor', expect: ['escalation.suicide_depression'] },
  { n: 25, turns: [['customer', '累死了,今天加班']], role: 'debtor', expect: [] },
  // A candidate only (check the ledger): raised with minor severity.
  { n: 26, turns: [['customer', '我已经还清了'], ['agent', '那你今天必须再还一笔']], role: 'debtor', expect: ['pressure.collecting_after_payoff'] },
  { n: 27, turns: [['agent', '保证给你免一半利息']], role: 'debtor', expect: ['promise.unauthorised_reduction_or_instalment'] },
  { n: 28, turns: [['agent', '减免要向银行申请,结果以审批为准']], role: 'debtor', expect: [] },
  { n: 29, turns: [['agent', '温馨提醒您账单已到期']], role: 'debtor', daysOverdue: 5, expect: [] },
  { n: 30, turns: [['agent', '你这是恶意透支,要坐牢的']], role: 'debtor', daysOverdue: 5, expect: ['legal.criminal_liability_talk', 'pressure.early_stage_over_pressure'] },
  // Same words on a case 60 days overdue: criminal talk still fires, early-stage pressure does not.
  { n: 30, turns: [['agent', '你这是恶意透支,要坐牢的']], role: 'debtor', daysOverdue: 60, expect: ['legal.criminal_liability_talk'] },
];

describe('seeds digest L23 table', () => {
  it.each(cases.map((c) => [`#${c.n} ${c.turns.map((t) => t[1]).join(' / ')}${c.opts?.strict ? ' (strict)' : ''}${c.daysOverdue !== undefined ? ` (${c.daysOverdue} days)` : ''}${c.isStudent === false ? ' (not flagged)' : ''}`, c] as const))(
    '%s',
    (_name, c) => {
      const { last } = run(c);
      const ids = [...new Set(last.map((f) => f.ruleId))].sort();
      expect(ids).toEqual([...c.expect].sort());
    },
  );

  it('#12 records the identity statement for missing_identity_statement', () => {
    const res = run(cases.find((c) => c.n === 12)!);
    expect(res.identityStatements).toHaveLength(1);
    expect(res.identityStatements[0]!.text).toContain('委托');
  });

  it('#24 is an alert from the customer, not an agent violation', () => {
    const f = run(cases.find((c) => c.n === 24)!).last[0]!;
    expect(f).toMatchObject({ category: 'escalation_signal', speaker: 'customer', severity: 'critical', penaltyClass: 'none' });
  });

  it('#17, #19 and #21 carry the penalty classes of the seeds (5000 / 5000 / 2000 yuan blocks)', () => {
    const pc = (n: number) => run(cases.find((c) => c.n === n)!).last[0]!.penaltyClass;
    expect([pc(17), pc(19), pc(21)]).toEqual(['QA-M5000', 'QA-M5000', 'QA-M2000']);
  });

  it('#10 in strict mode says the hit was negated', () => {
    const f = run(cases.find((c) => c.n === 10 && c.opts?.strict)!).last[0]!;
    expect(f.detail).toContain('negated');
    expect(f.confidence).toBeLessThan(0.9);
  });
});
