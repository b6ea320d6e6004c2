import { describe, expect, it } from 'vitest';
import { compileLexiconSet } from '../../../core/rules/lexicon/compile.js';
import { loadLexiconSet } from '../../../core/rules/lexicon/loader.js';
import { compileFillers, normalizeText } from '../../../core/rules/lexicon/normalize.js';

const fillers = compileFillers(['那个', '然后', '嗯'], ['不然', '当然', '虽然']);

describe('filler removal', () => {
  it('removes a filler standing on its own', () => {
    expect(normalizeText('然后我们就打电话', fillers).chars).toBe('我们就打电话');
    expect(normalizeText('他欠的钱那个你帮他还', fillers).chars).toBe('他欠的钱你帮他还');
  });

  it('keeps a filler that begins inside a kept word (不然|后面, 当然|后)', () => {
    expect(normalizeText('不然后面的事情就不简单了', fillers).chars).toBe('不然后面的事情就不简单了');
    expect(normalizeText('当然后续我们会跟进', fillers).chars).toBe('当然后续我们会跟进');
  });

  it('still removes the filler after a kept word has ended', () => {
    expect(normalizeText('虽然然后', fillers).chars).toBe('虽然');
  });

  it('without kept words, the filler is cut out of the word', () => {
    expect(normalizeText('不然后面', compileFillers(['然后'])).chars).toBe('不面');
  });

  it('the shipped lexicons keep 不然 whole, so a threat that starts with it is read as said', () => {
    const c = compileLexiconSet(loadLexiconSet());
    expect(normalizeText('不然后面的事情就不是打个电话这么简单了', c.fillers).chars).toContain('不然后面');
  });

  it('the shipped lexicons keep 不就是 whole: a rhetorical guess is not read as a denial (你不他们…)', () => {
    const c = compileLexiconSet(loadLexiconSet());
    expect(normalizeText('你不就是他们部门的主管吗', c.fillers).chars).toBe('你不就是他们部门的主管吗');
    expect(normalizeText('就是这个事', c.fillers).chars).toBe('事');
  });
});
