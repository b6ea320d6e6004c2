import { describe, expect, it } from 'vitest';
import { integerToChinese, numbersToChinese } from '../../../scripts/synth/numbers.js';
import { PAUSE_LONG_MS, PAUSE_SHORT_MS, pinyinString, textToPinyin, type SpeechToken } from '../../../scripts/synth/pinyin.js';

const syllables = (tokens: SpeechToken[]) => tokens.flatMap((t) => (t.kind === 'syllable' ? [t.syllable] : []));

describe('textToPinyin', () => {
  it('reads 还 as huan2 when it means repay, hai2 when it means still', () => {
    expect(syllables(textToPinyin('还钱'))).toEqual(['huan2', 'qian2']);
    expect(syllables(textToPinyin('还款'))).toEqual(['huan2', 'kuan3']);
    expect(syllables(textToPinyin('偿还'))).toEqual(['chang2', 'huan2']);
    expect(syllables(textToPinyin('还清'))).toEqual(['huan2', 'qing1']);
    expect(syllables(textToPinyin('你还有钱'))).toEqual(['ni3', 'hai2', 'you3', 'qian2']);
    expect(syllables(textToPinyin('你什么时候还钱'))).toContain('huan2');
    expect(syllables(textToPinyin('银行很重要'))).toEqual(['yin2', 'hang2', 'hen3', 'zhong4', 'yao4']);
  });

  it('decides 还 from its neighbours: repay after verbs, modals and time words, before amounts and at a phrase end', () => {
    const huan = (text: string) => syllables(textToPinyin(text)).filter((s) => s === 'huan2' || s === 'hai2');
    expect(huan('你什么时候还？')).toEqual(['huan2']);
    expect(huan('让他还你')).toEqual(['huan2']);
    expect(huan('我一次还不了')).toEqual(['huan2']);
    expect(huan('那您先还五百元')).toEqual(['huan2']);
    expect(huan('父债子还')).toEqual(['huan2']);
    expect(huan('到底还不还')).toEqual(['huan2', 'huan2']);
    expect(huan('到现在还没有还')).toEqual(['hai2', 'huan2']);
    expect(huan('欠钱不还还有脸')).toEqual(['huan2', 'hai2']);
    expect(huan('您现在还欠六千')).toEqual(['hai2']);
    expect(huan('你要是还不配合')).toEqual(['hai2']);
    expect(huan('那你们还会再打')).toEqual(['hai2']);
  });

  it('applies the 3-3 sandhi inside a phrase but not across a pause', () => {
    expect(syllables(textToPinyin('你好'))).toEqual(['ni2', 'hao3']);
    expect(syllables(textToPinyin('我很好'))).toEqual(['wo2', 'hen2', 'hao3']);
    expect(syllables(textToPinyin('好，你'))).toEqual(['hao3', 'ni3']);
    expect(syllables(textToPinyin('你好', { sandhi: false }))).toEqual(['ni3', 'hao3']);
  });

  it('writes ü as v and the neutral tone as 5', () => {
    expect(syllables(textToPinyin('女的'))).toEqual(['nv3', 'de5']);
  });

  it('turns punctuation into pauses, short at ，、；： and long at 。！？, merged and never leading', () => {
    const tokens = textToPinyin('，您好，请问。是吗？！');
    expect(tokens[0]?.kind).toBe('syllable');
    const pauses = tokens.flatMap((t) => (t.kind === 'pause' ? [t.ms] : []));
    expect(pauses).toEqual([PAUSE_SHORT_MS, PAUSE_LONG_MS, PAUSE_LONG_MS]);
    expect(pinyinString(tokens)).toBe('nin2 hao3 , qing3 wen4 . shi4 ma5 .');
  });

  it('speaks numbers in Chinese first', () => {
    expect(syllables(textToPinyin('欠款3200元'))).toEqual(['qian4', 'kuan3', 'san1', 'qian1', 'er4', 'bai3', 'yuan2']);
  });
});

describe('numbersToChinese', () => {
  it.each([
    [0, '零'], [10, '十'], [15, '十五'], [105, '一百零五'], [110, '一百一十'], [1050, '一千零五十'], [2000, '两千'],
    [3200, '三千二百'], [15000, '一万五千'], [20000, '两万'], [100005, '十万零五'], [23456789, '两千三百四十五万六千七百八十九'],
  ])('%i → %s', (n, text) => {
    expect(integerToChinese(n)).toBe(text);
  });

  it('reads phone, job and card numbers digit by digit with 幺, and times, years, percentages, decimals', () => {
    expect(numbersToChinese('工号1023，电话13812345678')).toBe('工号幺零二三，电话幺三八幺二三四五六七八');
    expect(numbersToChinese('20:41')).toBe('二十点四十一分');
    expect(numbersToChinese('2026年')).toBe('二零二六年');
    expect(numbersToChinese('5%')).toBe('百分之五');
    expect(numbersToChinese('1.5倍')).toBe('一点五倍');
  });
});
