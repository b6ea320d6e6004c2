import { customPinyin, pinyin } from 'pinyin-pro';
import { numbersToChinese } from './numbers.js';
import { readsHuan } from './polyphone-huan.js';

/** One spoken unit of a sentence: a tone syllable, or a pause at punctuation. */
export type SpeechToken =
  | { kind: 'syllable'; /** e.g. `ni2` (after sandhi), `lv4`; ü as `v`, tones 1–5 (5 = neutral). */ syllable: string; /** the character it reads */ char: string }
  | { kind: 'pause'; ms: number };

/** Pause after ，、；： (short) and 。！？… (long), in ms. */
export const PAUSE_SHORT_MS = 180;
export const PAUSE_LONG_MS = 350;

const SHORT_PUNCT = new Set([...'，、；：,;:—～~']);
const LONG_PUNCT = new Set([...'。！？!?…']);

/**
 * Readings where pinyin-pro's default is wrong in debt-collection talk: 长/重/行/得 in the usual
 * words (longest match wins in pinyin-pro). 还 is decided from its neighbours by {@link readsHuan}.
 */
export const DOMAIN_READINGS: Readonly<Record<string, string>> = {
  得还: 'děi huán',
  银行: 'yín háng', 行长: 'háng zhǎng', 重要: 'zhòng yào', 严重: 'yán zhòng', 长期: 'cháng qī',
  得罪: 'dé zuì', 觉得: 'jué de', 地址: 'dì zhǐ', 调解: 'tiáo jiě', 处理: 'chǔ lǐ', 处罚: 'chǔ fá',
  催收: 'cuī shōu', 征信: 'zhēng xìn', 法院: 'fǎ yuàn', 通讯录: 'tōng xùn lù', 工号: 'gōng hào',
};

let readingsInstalled = false;
function installReadings(): void {
  if (readingsInstalled) return;
  customPinyin({ ...DOMAIN_READINGS });
  readingsInstalled = true;
}

export interface TextToPinyinOptions {
  /** Apply the 3-3 tone sandhi (first of two third tones → second tone). @defaultValue true */
  sandhi?: boolean;
}

/**
 * Chinese text → tone-numbered pinyin tokens with pauses: numbers are first written out in
 * Chinese (三千二百, 幺三八… for phone numbers), domain readings override pinyin-pro's defaults
 * (还钱 huan2 qian2 but 还有 hai2 you3), 一/不 tone changes come from pinyin-pro, the 3-3 sandhi is
 * applied within each pause-delimited phrase, and punctuation becomes pauses
 * ({@link PAUSE_SHORT_MS} / {@link PAUSE_LONG_MS}). Latin letters and other symbols are dropped.
 *
 * @example textToPinyin('你好，还钱。') // ni2 hao3 (180 ms) huan2 qian2 (350 ms)
 */
export function textToPinyin(text: string, opts: TextToPinyinOptions = {}): SpeechToken[] {
  installReadings();
  const written = numbersToChinese(text);
  const chars = [...written];
  const readings = pinyin(written, { toneType: 'num', type: 'array', nonZh: 'spaced' });
  // pinyin-pro returns one entry per Chinese character and one per other character (spaced).
  const tokens: SpeechToken[] = [];
  if (readings.length !== chars.length) throw new Error(`pinyin-pro returned ${readings.length} readings for ${chars.length} characters: ${written}`);
  chars.forEach((char, i) => {
    const reading = char === '还' ? (readsHuan(chars, i) ? 'huan2' : 'hai2') : (readings[i] ?? '');
    if (LONG_PUNCT.has(char)) return pushPause(tokens, PAUSE_LONG_MS);
    if (SHORT_PUNCT.has(char)) return pushPause(tokens, PAUSE_SHORT_MS);
    const m = /^([a-zü]+)([0-5])$/.exec(reading);
    if (!m) return;
    const base = (m[1] as string).replace(/ü/g, 'v');
    const tone = m[2] === '0' ? '5' : (m[2] as string);
    tokens.push({ kind: 'syllable', syllable: base + tone, char });
  });
  if (opts.sandhi ?? true) applyThirdToneSandhi(tokens);
  while (tokens[0]?.kind === 'pause') tokens.shift();
  return tokens;
}

function pushPause(tokens: SpeechToken[], ms: number): void {
  const last = tokens.at(-1);
  if (last?.kind === 'pause') last.ms = Math.max(last.ms, ms);
  else tokens.push({ kind: 'pause', ms });
}

/**
 * 3-3 sandhi, left to right inside a phrase: a third tone followed by a third tone becomes a
 * second tone (你好 ni3 hao3 → ni2 hao3; 我也很好 → wo2 ye2 hen2 hao3, the common fast-speech
 * reading). Pauses break the chain.
 */
export function applyThirdToneSandhi(tokens: SpeechToken[]): void {
  for (let i = 0; i + 1 < tokens.length; i++) {
    const cur = tokens[i];
    const next = tokens[i + 1];
    if (cur?.kind === 'syllable' && next?.kind === 'syllable' && cur.syllable.endsWith('3') && next.syllable.endsWith('3')) {
      cur.syllable = `${cur.syllable.slice(0, -1)}2`;
    }
  }
}

/** Tokens → the space-separated tone-numbered pinyin that `espeak-ng -v cmn-latn-pinyin` reads. */
export function pinyinString(tokens: readonly SpeechToken[]): string {
  return tokens.map((t) => (t.kind === 'syllable' ? t.syllable : t.ms >= PAUSE_LONG_MS ? '.' : ',')).join(' ');
}
