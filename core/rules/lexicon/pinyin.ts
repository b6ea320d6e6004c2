import { pinyin } from 'pinyin-pro';

/**
 * Characters → toneless pinyin syllable ids. Syllables are folded into coarse classes that
 * telephone ASR and southern accents confuse (zh/z, ch/c, sh/s, n/l, -ing/-in, -eng/-en), so
 * 通讯录 / 同讯录, 法院 / 发院, 征信 / 真心… share ids. Non-Han characters get their own id;
 * Arabic digits read as their Chinese numerals (12378 = 一二三七八).
 */

const ids = new Map<string, number>();
const byCode = new Int32Array(65_536).fill(-1);
const HAN = /\p{Script=Han}/u;
const DIGITS = ['ling', 'yi', 'er', 'san', 'si', 'wu', 'liu', 'qi', 'ba', 'jiu'];

function coarse(syllable: string): string {
  return syllable
    .replace(/ü/g, 'v')
    .replace(/^([zcs])h/, '$1')
    .replace(/^n(?=[aeiouv])/, 'l')
    .replace(/(i|e)ng$/, '$1n');
}

function idOf(key: string): number {
  let id = ids.get(key);
  if (id === undefined) {
    id = ids.size + 1;
    ids.set(key, id);
  }
  return id;
}

/** Syllable id of one UTF-16 code unit, using the character's most common reading. */
export function syllableId(ch: string): number {
  const code = ch.charCodeAt(0);
  const cached = byCode[code]!;
  if (cached >= 0) return cached;
  let key: string;
  if (code >= 0x30 && code <= 0x39) key = coarse(DIGITS[code - 0x30]!);
  else if (HAN.test(ch)) key = coarse(pinyin(ch, { toneType: 'none', type: 'array' })[0] ?? ch);
  else key = `#${ch}`;
  const id = idOf(key);
  byCode[code] = id;
  return id;
}

/**
 * Polyphones whose second reading is common in collection talk (还 huan, 行 hang, 重 chong…).
 * Other polyphones use their common reading only: generating every rare reading (单 shan)
 * turns ordinary words into homophones of terms (账单 ~ 张三).
 */
const POLYPHONES = new Set([...'还行重长调传处种数给乐觉干教曝藏几都着了得地']);

/** Readings of a character as syllable ids, most common first. */
function readings(ch: string): number[] {
  const first = syllableId(ch);
  if (!POLYPHONES.has(ch)) return [first];
  const all = pinyin(ch, { toneType: 'none', type: 'array', multiple: true }).map((s) => idOf(coarse(s)));
  return [first, ...all.filter((id) => id !== first)];
}

/** Syllable ids of normalised chars, aligned 1:1. */
export function toSyllables(chars: string): Int32Array {
  const out = new Int32Array(chars.length);
  for (let i = 0; i < chars.length; i++) out[i] = syllableId(chars[i]!);
  return out;
}

/**
 * Syllable sequences a term may be heard as: the common reading of every character, plus one
 * sequence per alternative reading of each polyphone (还 hai/huan, 行 xing/hang), at most `cap`.
 */
export function termSyllableVariants(chars: string, cap = 8): Int32Array[] {
  const base = toSyllables(chars);
  const out = [base];
  for (let i = 0; i < chars.length && out.length < cap; i++) {
    for (const alt of readings(chars[i]!).slice(1)) {
      if (out.length >= cap) break;
      const v = Int32Array.from(base);
      v[i] = alt;
      out.push(v);
    }
  }
  return out;
}

/** A syllable sequence as a string of private-use characters, for edit distances. */
export function sylString(seq: ArrayLike<number>, start = 0, end = seq.length): string {
  let s = '';
  for (let i = start; i < end; i++) s += String.fromCharCode(0xe000 + (seq[i]! % 0x1800));
  return s;
}
