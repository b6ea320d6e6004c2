export { textToPinyin, pinyinString, applyThirdToneSandhi, DOMAIN_READINGS, PAUSE_SHORT_MS, PAUSE_LONG_MS, type SpeechToken, type TextToPinyinOptions } from './pinyin.js';
export { numbersToChinese, integerToChinese } from './numbers.js';
export { synthesizeEspeak, espeakVoice, ESPEAK_AGENT, ESPEAK_CUSTOMER, VOICE_RATE, type EspeakVoice, type Voice, type SynthOptions } from './espeak.js';
export { loadSyllableBank, synthesizeWithBank, bankVoice, bankSyllable, sharedTtsDir, syllableBankAvailable, BANK_NAMES, type BankName, type SyllableBank, type BankVoiceOptions } from './syllable-bank.js';
export { renderCall, encodeTelephone, encodeMulaw16k, SHOUT_GAIN_DB, type CallFormat, type CallTurn, type TurnLabel, type RenderedTurn, type RenderCallOptions, type RenderedCall } from './call-builder.js';
export { readWav, writeWav, type PcmWav } from './wav.js';
