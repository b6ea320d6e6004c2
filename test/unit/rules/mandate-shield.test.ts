/**
 * Inside the agent's statement of mandate (受XX银行委托的XX公司), firm names sound like other rules'
 * words; only words heard as written count there.
 */
import { describe, expect, it } from 'vitest';
import { compileLexiconSet, loadLexiconSet, runLexiconRules } from '../../../core/rules/lexicon/index.js';

const compiled = compileLexiconSet(loadLexiconSet());

function agentSays(text: string) {
  const segments = [{ speaker: 'agent' as const, text, startMs: 0, endMs: 4000 }];
  const ctx = { meta: {}, calleeRole: 'debtor' as const, isStudent: false, daysOverdue: 30, accountClass: undefined };
  return runLexiconRules(compiled, { callId: 'm', durationMs: 4000, segments }, ctx);
}

describe('the mandate shield', () => {
  it('a firm name heard as 会通知…你公司 (pinyin, n/l folded) is no contact-list threat', () => {
    const r = agentSays('我是受交通银行委托的汇通资产管理公司的,就您信用卡逾期的事跟您沟通一下');
    expect(r.identityStatements).toHaveLength(1);
    expect(r.findings).toEqual([]);
  });

  it('words heard as written still count beside the mandate', () => {
    const r = agentSays('我是受交通银行委托的汇通资产管理公司的,再不还钱我们就联系你通讯录里所有人');
    expect(r.findings.map((f) => f.category)).toContain('contact_list_threat');
  });

  it('a mandate claimed from an authority, however heard, stays an impersonation', () => {
    const r = agentSays('我是受发院委托来通知你的');
    expect(r.findings.map((f) => [f.category, f.match?.method])).toContainEqual(['impersonation', 'pinyin']);
  });
});
