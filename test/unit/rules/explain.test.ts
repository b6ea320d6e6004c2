import { describe, expect, it } from 'vitest';
import { compileLexiconSet, explainSentence, loadLexiconSet } from '../../../core/rules/lexicon/index.js';

const compiled = compileLexiconSet(loadLexiconSet());
const rule = (text: string, ruleId: string, opts = {}) => explainSentence(compiled, text, opts).rules.find((r) => r.ruleId === ruleId);

describe('explainSentence (lexicons:try)', () => {
  it('reports a fired rule with the words heard and the method', () => {
    const r = rule('你再不还钱我们就联系你同讯录里所有人', 'contact_list.forbidden_word');
    expect(r?.fired).toMatchObject({ variant: '同讯录里所有人', method: 'pinyin' });
    expect(r?.terms.map((h) => h.heard)).toContain('同讯录');
    expect(r?.reason).toBeUndefined();
  });

  it('says why a found phrase stayed silent: negation, speaker, audience, an exclusion', () => {
    expect(rule('我们不会派人去你家', 'abuse.threat_intimidation')?.reason).toMatch(/^negated/);
    expect(rule('我们就联系你通讯录里所有人', 'contact_list.forbidden_word', { speaker: 'customer' })?.reason).toMatch(/said by the customer/);
    expect(rule('他欠了我们三万块', 'third_party.debt_terms_disclosure', { calleeRole: 'debtor' })?.reason).toMatch(/audience unverified/);
    expect(rule('他欠了我们三万块', 'third_party.debt_terms_disclosure', { calleeRole: 'third_party' })?.fired).toBeDefined();
    const blocked = rule('您当妈的劝劝他', 'abuse.profanity');
    expect(blocked?.reason).toMatch(/exclusion/);
    expect(blocked?.blockers).toEqual([{ term: '当妈的', heard: '当妈的', method: 'exact', role: 'exclusion' }]);
  });

  it('shows a proximity clause group by group, so a missing group is visible', () => {
    const r = rule('你手机里那几百个联系人我们一个不落全都打一遍', 'contact_list.forbidden_word');
    expect(r?.fired).toBeUndefined();
    const clause = r?.proximity.find((p) => p.groups.every((g) => g.length > 0));
    expect(clause?.groups.map((g) => g.map((h) => h.heard))).toEqual([['你手机里'], ['联系人']]);
    expect(r?.reason).toMatch(/within its distance/);
  });

  it('gives the normalised text the matcher sees', () => {
    expect(explainSentence(compiled, '您好，嗯，請問是張先生嗎？').normalized).toBe('你好请问是张先生吗');
  });
});
