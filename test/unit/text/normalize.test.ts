import { describe, expect, it } from 'vitest';
import { matchKey, normalizeText } from '../../../core/text/normalize.js';

describe('normalizeText', () => {
  it('converts Traditional to Simplified, keeping lexicon vocabulary (通讯录, not 通信录)', () => {
    expect(normalizeText('你再不還錢我們就聯繫你通訊錄裡所有人')).toBe('你再不还钱我们就联系你通讯录里所有人');
    expect(normalizeText('廣州市房地產中介協會分析')).toBe('广州市房地产中介协会分析');
    expect(normalizeText('換一首歌')).toBe('换一首歌');
    expect(normalizeText('他看著我，著名的')).toBe('他看着我，著名的');
  });

  it('writes 账 in account words as the mainland does', () => {
    expect(normalizeText('您的帳戶已逾期，請還帳')).toBe('您的账户已逾期，请还账');
    expect(normalizeText('帳單')).toBe('账单');
  });

  it('unifies punctuation to Chinese full-width, except inside numbers', () => {
    expect(normalizeText('您好,我是客服.請問是張先生嗎?')).toBe('您好，我是客服。请问是张先生吗？');
    expect(normalizeText('欠款3.5萬,1,000元,10:30前還!')).toBe('欠款3.5万，1,000元，10:30前还！');
    expect(normalizeText('注意;現在:')).toBe('注意；现在：');
  });

  it('turns full-width letters and digits into half-width', () => {
    expect(normalizeText('ＡＢＣ１２３')).toBe('ABC123');
  });

  it('removes spaces between Chinese characters and around punctuation, keeps them between words', () => {
    expect(normalizeText('我 是 招商 銀行 , 的 客服')).toBe('我是招商银行，的客服');
    expect(normalizeText('  打开 App Store 下载  ')).toBe('打开 App Store 下载');
    expect(normalizeText('你好\u3000世界')).toBe('你好世界');
  });

  it('collapses repeated punctuation to the strongest mark and ellipses to one', () => {
    expect(normalizeText('好的，，，')).toBe('好的，');
    expect(normalizeText('你確定嗎，？！')).toBe('你确定吗？');
    expect(normalizeText('然後...然後。。。')).toBe('然后…然后…');
    expect(normalizeText('，。开头的标点')).toBe('开头的标点');
  });

  it('is idempotent', () => {
    const once = normalizeText('聊在之一, 第一篇...這是 錄音!!');
    expect(normalizeText(once)).toBe(once);
  });
});

describe('matchKey', () => {
  it('drops punctuation, spaces and case', () => {
    expect(matchKey('字幕由 Amara.org 社群提供！')).toBe('字幕由amaraorg社群提供');
  });
});
