import { describe, expect, it } from 'vitest';
import { compileLexiconSet, loadLexiconSet, runLexiconRules } from '../../../core/rules/lexicon/index.js';
import { leadingChars, regexRulesFor } from '../../../core/rules/lexicon/compile.js';
import { CORPUS_CALLS } from '../../../bench/corpus/index.js';

describe('regex prefilter (leading characters)', () => {
  it('reads the leading characters off a literal or a required group of literals, and gives up otherwise', () => {
    expect(leadingChars('判了[0-9]+年')).toEqual(['判']);
    expect(leadingChars('(?:替|帮)他把')).toEqual(['替', '帮']);
    expect(leadingChars('(?:一共|总共)(?:是)?')).toEqual(['一', '总']);
    expect(leadingChars('[0-9]{15,17}[0-9x]')).toEqual([...'0123456789']);
    expect(leadingChars('[0-3零一两]+年起步')).toEqual([...'0123零一两']);
    for (const unknown of ['(?:替|帮)?他', '[0-9]?x', '[0-9]*年', '[0-9]{0,2}年', '[^好]x', '[\\d]x', '\\d+', 'a?b', 'a*b', '(?:a|)b', '(?:a(?:b|c))d', '.x', '']) expect(leadingChars(unknown)).toBeUndefined();
  });

  it('flags, in one pass over a text, the rules whose regexes may match it', () => {
    const c = compileLexiconSet(loadLexiconSet());
    const withRegex = c.rules.filter((r) => r.regexes.length > 0);
    const led = withRegex.find((r) => r.regexes.every((x) => x.starts !== undefined));
    expect(led).toBeDefined();
    const lead = led!.regexes[0]!.starts![0]!;
    expect(regexRulesFor(c, `好的${lead}`)[led!.index]).toBe(1);
    const none = regexRulesFor(c, '好的');
    for (const r of c.rules) {
      const expected = r.regexes.some((x) => x.starts === undefined || x.starts.some((ch) => '好的'.includes(ch))) ? 1 : 0;
      expect(none[r.index]).toBe(expected);
    }
  });

  it('changes no finding: every corpus script gives the same findings with the prefilter as without', () => {
    const filtered = compileLexiconSet(loadLexiconSet());
    const plain = compileLexiconSet(loadLexiconSet());
    for (const r of plain.rules) for (const x of r.regexes) x.starts = undefined;
    plain.regexRulesByLead = new Map();
    plain.regexRulesAlways = plain.rules.filter((r) => r.regexes.length > 0).map((r) => r.index);
    let withRegex = 0;
    for (const call of CORPUS_CALLS) {
      let at = 0;
      const segments = call.turns.map((t) => ({ speaker: t.who, startMs: (at += 4000), endMs: at + 3500, text: t.text }));
      const ctx = { meta: call.meta, calleeRole: call.meta.calleeRole ?? 'unknown', isStudent: call.meta.isStudent ?? false, daysOverdue: call.meta.daysOverdue, accountClass: undefined };
      const a = runLexiconRules(filtered, { callId: call.id, durationMs: at + 4000, segments }, ctx).findings;
      const b = runLexiconRules(plain, { callId: call.id, durationMs: at + 4000, segments }, ctx).findings;
      expect(a).toEqual(b);
      withRegex += a.filter((f) => f.match?.method === 'regex').length;
    }
    expect(withRegex).toBeGreaterThan(2);
  });
});
