import { describe, expect, it } from 'vitest';
import { aggregateCer, editDistance, normalizeForCer, scoreCer } from '../../../bench/lib/cer.js';

describe('normalizeForCer', () => {
  it('converts Traditional to Simplified and strips punctuation, symbols and spaces', () => {
    expect(normalizeForCer('廣州市 房地產,中介協會「分析」!')).toBe('广州市房地产中介协会分析');
    expect(normalizeForCer('下降超50%。')).toBe('下降超50');
    expect(normalizeForCer('OK，好的')).toBe('ok好的');
  });
});

describe('editDistance', () => {
  it('counts substitutions, insertions and deletions over code points', () => {
    expect(editDistance('换一首歌', '换一首歌')).toBe(0);
    expect(editDistance('换一首歌', '换首歌')).toBe(1);
    expect(editDistance('换一首歌', '换一首儿歌')).toBe(1);
    expect(editDistance('换一首歌', '换二首哥')).toBe(2);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('abc', '')).toBe(3);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });
  it('treats astral characters as one symbol', () => {
    expect(editDistance('𠀀a', 'a')).toBe(1);
  });
});

describe('scoreCer / aggregateCer', () => {
  it('scores against the normalised reference length', () => {
    const s = scoreCer('换一首歌。', '換一首哥');
    expect(s).toEqual({ edits: 1, refChars: 4, cer: 0.25 });
  });
  it('aggregates as total edits over total reference characters, not a mean of ratios', () => {
    const items = [scoreCer('换一首歌', ''), scoreCer('广州市房地产中介协会分析', '广州市房地产中介协会分析')];
    expect(aggregateCer(items)).toBeCloseTo(4 / 16, 10);
  });
  it('rejects an empty reference', () => {
    expect(() => scoreCer('。', 'x')).toThrow(/empty/);
    expect(() => aggregateCer([])).toThrow(/zero/);
  });
});
