import { describe, expect, it } from 'vitest';
import { assessTrust, compressionRatio, isHallucination, isRunawayRepetition, maxRepeatsByUnit } from '../../../core/text/trust.js';
import { normalizeText } from '../../../core/text/normalize.js';

const REAL = '您好，我是受招商银行委托的催收公司，请问是张先生本人吗？';

describe('assessTrust: speech energy', () => {
  it('marks text over a segment far quieter than the channel speech as no_speech_energy', () => {
    expect(assessTrust({ text: REAL, loudnessDb: -52, channelSpeechDb: -20 })).toEqual({ trusted: false, untrustedReason: 'no_speech_energy' });
    expect(assessTrust({ text: REAL, loudnessDb: -30, channelSpeechDb: -20 })).toEqual({ trusted: true });
  });

  it('marks text below the absolute floor, or where VAD heard no speech', () => {
    expect(assessTrust({ text: REAL, loudnessDb: -75 })).toMatchObject({ untrustedReason: 'no_speech_energy' });
    expect(assessTrust({ text: REAL, vadSpeechMs: 0 })).toMatchObject({ untrustedReason: 'no_speech_energy' });
    expect(assessTrust({ text: REAL, vadSpeechMs: 1200, loudnessDb: -25 })).toEqual({ trusted: true });
  });
});

describe('hallucination strings', () => {
  it.each([
    '字幕由Amara.org社群提供',
    '字幕由 Amara.org 社群提供',
    '請不吝點贊訂閱轉發打賞支持明鏡與點點欄目',
    '谢谢观看',
    '感謝觀看！',
    '多謝收看',
    '字幕志願者 李宗盛',
    '優優獨播劇場——YoYo Television Series Exclusive',
    '中文字幕',
    '本字幕由某某字幕组制作',
    '请订阅我的频道',
  ])('flags %s', (text) => {
    expect(isHallucination(text)).toBe(true);
    expect(assessTrust({ text: normalizeText(text), loudnessDb: -20, channelSpeechDb: -20 })).toEqual({
      trusted: false,
      untrustedReason: 'hallucination',
    });
  });

  it.each([REAL, '谢谢您，再见', '我看一下账单', '你订了什么'])('leaves ordinary call speech alone: %s', (text) => {
    expect(isHallucination(text)).toBe(false);
  });
});

describe('runaway repetition', () => {
  it('flags a looped character or phrase', () => {
    expect(isRunawayRepetition('啊'.repeat(40))).toBe(true);
    expect(isRunawayRepetition('我跟你说' + '就是'.repeat(8))).toBe(true);
    expect(isRunawayRepetition('你还钱吧，'.repeat(6))).toBe(true);
    expect(assessTrust({ text: '好的好的'.repeat(10) })).toEqual({ trusted: false, untrustedReason: 'repetition' });
  });

  it('accepts natural repetition', () => {
    expect(isRunawayRepetition('对对对，是的是的，哈哈哈')).toBe(false);
    expect(isRunawayRepetition(REAL)).toBe(false);
    expect(isRunawayRepetition('好首先说一下刚才这个经理说完的这个销售问题咱再说一下咱们的商场问题首先咱们商场上半年业这个先各部门儿汇报一下就是业绩')).toBe(false);
  });

  it('counts repeats per unit length and measures compression', () => {
    const r = maxRepeatsByUnit('哈哈哈ab ab ab ');
    expect(r[1]).toBe(3);
    expect(r[3]).toBe(3);
    expect(compressionRatio('催收'.repeat(50))).toBeGreaterThan(2.4);
    expect(compressionRatio(REAL)).toBeLessThan(1.5);
  });
});
