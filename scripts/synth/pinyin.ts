import { customPinyin, pinyin } from 'pinyin-pro';
import { numbersToChinese } from './numbers.js';

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
 * Readings where pinyin-pro's default is wrong in debt-collection talk: 还 as huán (repay) after
 * verbs and before money words, 长/重/行 in the usual words. Longest match wins in pinyin-pro.
 */
export const DOMAIN_READINGS: Readonly<Record<string, string>> = {
  还钱: 'huán qián', 还款: 'huán kuǎn', 还清: 'huán qīng', 偿还: 'cháng huán', 归还: 'guī huán',
  还债: 'huán zhài', 还贷: 'huán dài', 还上: 'huán shàng', 还了: 'huán le', 还掉: 'huán diào',
  要还: 'yào huán', 得还: 'děi huán', 不还: 'bù huán', 没还: 'méi huán', 会还: 'huì huán', 能还: 'néng huán',
  先还: 'xiān huán', 再还: 'zài huán', 来还: 'lái huán', 帮他还: 'bāng tā huán',
  按时还: 'àn shí huán', 还没还: 'hái méi huán', 还一下: 'huán yí xià', 还进去: 'huán jìn qù',
  还有: 'hái yǒu', 还是: 'hái shì', 还要: 'hái yào',
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
    const reading = readings[i] ?? '';
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
