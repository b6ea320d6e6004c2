import * as OpenCC from 'opencc-js/t2cn';

/**
 * Text normalisation for matching: one script (Simplified), one punctuation set (Chinese
 * full-width), no spaces inside Chinese. The recogniser's raw output is kept separately
 * (`textRaw`); only `text` is normalised.
 */

// 'tw' (Taiwan characters → mainland characters) rather than 'twp': the phrase table of 'twp'
// rewrites vocabulary too, e.g. 通訊錄 → 通信录, which would hide the lexicon's 通讯录.
// 'tw' also maps Taiwan variants (著 → 着) that 'hk' and 't' leave alone.
const toSimplified = OpenCC.Converter({ from: 'tw', to: 'cn' });

/** Words where OpenCC keeps 帐 but mainland usage (and the lexicons) write 账. */
const WORD_FIXES: readonly [RegExp, string][] = [
  [/帐(户|单|号|目|款|期)/gu, '账$1'],
  [/(还|欠|转|赖|对|查|记|算|结|入|到)帐/gu, '$1账'],
  [/妳/gu, '你'],
];

const CJK = '\\p{Script=Han}';
/** Chinese punctuation marks after normalisation. */
const FULL_PUNCT = '，。？！：；、…';
const HALF_TO_FULL: Record<string, string> = { ',': '，', '.': '。', '?': '？', '!': '！', ':': '：', ';': '；' };
const STRENGTH = ['？', '！', '…', '。', '；', '：', '，', '、'];

/**
 * Normalises recogniser output.
 *
 * - Traditional → Simplified with OpenCC (`tw` → `cn`), plus a few 帐 → 账 word fixes;
 * - full-width ASCII letters and digits → half-width; half-width `, . ? ! : ;` → `，。？！：；`
 *   except inside numbers (`3.5`, `1,000`, `10:30`);
 * - spaces removed between Chinese characters and around Chinese punctuation;
 * - runs of punctuation collapsed to the strongest mark (`，，。` → `。`, `...` → `…`);
 * - leading punctuation dropped, whitespace trimmed.
 *
 * @example
 * normalizeText('您好 , 我是招商銀行的客服。。') // → '您好，我是招商银行的客服。'
 */
export function normalizeText(raw: string): string {
  let s = raw.normalize('NFC');
  s = s.replace(/[\uFF01-\uFF5E]/gu, (c) => {
    const half = String.fromCharCode(c.charCodeAt(0) - 0xfee0);
    return /[0-9A-Za-z]/u.test(half) ? half : c;
  });
  s = s.replace(/\u3000/gu, ' ');
  s = toSimplified(s);
  for (const [re, to] of WORD_FIXES) s = s.replace(re, to);
  s = s.replace(/\.{3,}|。{3,}|…+/gu, '…');
  s = s.replace(/[,.?!:;]/gu, (c, offset: number, all: string) => {
    const before = all[offset - 1] ?? '';
    const after = all[offset + 1] ?? '';
    if ((c === '.' || c === ',' || c === ':') && /\d/u.test(before) && /\d/u.test(after)) return c;
    if (c === '.' && /[A-Za-z]/u.test(before) && /[A-Za-z]/u.test(after)) return c;
    return HALF_TO_FULL[c] ?? c;
  });
  s = s.replace(new RegExp(`\\s+(?=[${FULL_PUNCT}])|(?<=[${FULL_PUNCT}])\\s+`, 'gu'), '');
  s = s.replace(new RegExp(`(?<=${CJK})\\s+(?=${CJK})`, 'gu'), '');
  s = s.replace(new RegExp(`[${FULL_PUNCT}]{2,}`, 'gu'), (run) => STRENGTH.find((p) => run.includes(p)) ?? run[0]!);
  s = s.replace(new RegExp(`^[\\s${FULL_PUNCT}]+`, 'u'), '');
  return s.replace(/\s+/gu, ' ').trim();
}

/**
 * The text reduced to what matching compares: normalised, lower-case, without punctuation or
 * spaces. Used for hallucination and repetition checks.
 */
export function matchKey(text: string): string {
  return normalizeText(text)
    .toLowerCase()
    .replace(/[\p{P}\p{S}\s]/gu, '');
}

const NOT_SPOKEN = /[\p{P}\p{Z}\s]/gu;

/** Characters that carry speech: punctuation and spaces do not count. */
export function spokenChars(text: string): number {
  return Array.from(text.replace(NOT_SPOKEN, '')).length;
}
