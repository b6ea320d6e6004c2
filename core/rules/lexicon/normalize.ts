import * as OpenCC from 'opencc-js';

const toSimplified = OpenCC.Converter({ from: 'tw', to: 'cn' });

/** Any character that is not a letter, a digit or a CJK ideograph separates clauses. */
const KEEP = /[\p{L}\p{N}]/u;
const HAN = /\p{Script=Han}/u;
/** Punctuation that ends a sentence: no single term reaches across it. */
const SENTENCE_END = new Set([...'。！？!?；;…']);
/** `NormText.breaks` values: punctuation or a space (a clause break), or a sentence end. */
export const CLAUSE_BREAK = 1;
export const SENTENCE_BREAK = 2;
/** Forms that change nothing for the rules: polite 您 / 妳 → 你, 她 / 祂 → 他. */
const FOLD: Record<string, string> = { 您: '你', 妳: '你', 她: '他', 祂: '他' };

/**
 * A segment's text prepared for matching. `chars` holds only letters, digits and ideographs
 * (Simplified, lower case, fillers removed); `map[i]` is the index in `text` of `chars[i]`, so a
 * hit on `chars` maps back to the words actually heard.
 */
export interface NormText {
  /** The display text: Simplified, otherwise as heard (punctuation kept). */
  text: string;
  chars: string;
  map: Int32Array;
  /**
   * {@link CLAUSE_BREAK} where punctuation or a space stood between `chars[i - 1]` and `chars[i]`,
   * {@link SENTENCE_BREAK} where that punctuation ended a sentence (。！？；), 0 elsewhere.
   */
  breaks: Uint8Array;
}

/** Letters, digits and ideographs; fast paths for ASCII and the CJK blocks. */
function isWordChar(code: number, ch: string): boolean {
  if (code < 0x80) return (code >= 0x61 && code <= 0x7a) || (code >= 0x30 && code <= 0x39);
  if ((code >= 0x4e00 && code <= 0x9fff) || (code >= 0x3400 && code <= 0x4dbf)) return true;
  if (code >= 0x3000 && code <= 0x303f) return code === 0x3007;
  if (code >= 0xff00 && code <= 0xffef) return false;
  return KEEP.test(ch);
}

/** Compiled filler list: longest first so 那个 wins over a single-character filler. */
export interface FillerSet {
  byFirst: Map<string, string[]>;
  /**
   * Per character, the kept words holding it after their first character, with its offset in the
   * word: a filler starting on that character stays when the text holds the whole word there
   * (不然后面 is 不然 + 后面, not 不 + 然后 + 面).
   */
  keptBefore: Map<string, { word: string; offset: number }[]>;
}

/**
 * @param fillers - removed wherever they occur in text and terms (那个, 然后, 嗯)
 * @param keptWords - words whose last characters begin a filler and must stay whole (不然, 当然)
 */
export function compileFillers(fillers: readonly string[], keptWords: readonly string[] = []): FillerSet {
  const byFirst = new Map<string, string[]>();
  for (const f of [...fillers].map(simplifyDisplay).sort((a, b) => b.length - a.length)) {
    const first = f[0];
    if (!first) continue;
    const list = byFirst.get(first) ?? [];
    list.push(f);
    byFirst.set(first, list);
  }
  const keptBefore = new Map<string, { word: string; offset: number }[]>();
  for (const word of keptWords.map(simplifyDisplay)) {
    for (let k = 1; k < word.length; k++) {
      const ch = word[k]!;
      if (!byFirst.has(ch)) continue;
      const list = keptBefore.get(ch) ?? [];
      list.push({ word, offset: k });
      keptBefore.set(ch, list);
    }
  }
  return { byFirst, keptBefore };
}

/** True when the filler starting at `at` begins inside one of the kept words. */
function insideKeptWord(text: string, at: number, fillers: FillerSet): boolean {
  const kept = fillers.keptBefore.get(text[at]!);
  return kept !== undefined && kept.some((k) => at >= k.offset && text.startsWith(k.word, at - k.offset));
}

/** Characters outside plain ASCII, CJK ideographs and CJK punctuation, which NFKC may change. */
const NEEDS_NFKC = /[^\x20-\x7e\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff]/;

/** {@link NEEDS_NFKC}, with the ranges nearly every transcript character falls in tested first, without the regex. */
function mayNeedNfkc(code: number, ch: string): boolean {
  if (code < 0x80 || (code >= 0x4e00 && code <= 0x9fff) || (code >= 0x3000 && code <= 0x303f)) return false;
  return NEEDS_NFKC.test(ch);
}
let traditional: Uint8Array | undefined;

/** Ideographs that the Traditional→Simplified converter changes, computed once. */
function traditionalTable(): Uint8Array {
  if (traditional) return traditional;
  const t = new Uint8Array(65_536);
  for (let code = 0x3400; code <= 0x9fff; code++) {
    const ch = String.fromCharCode(code);
    if (toSimplified(ch) !== ch) t[code] = 1;
  }
  traditional = t;
  return t;
}

function hasTraditional(s: string): boolean {
  const t = traditionalTable();
  for (let i = 0; i < s.length; i++) if (t[s.charCodeAt(i)] === 1) return true;
  return false;
}

let lastIn = '';
let lastOut = '';

/** Traditional → Simplified, keeping the text otherwise as heard (same length, so offsets hold). */
export function simplifyDisplay(raw: string): string {
  if (raw === lastIn) return lastOut;
  let s = raw;
  if (hasTraditional(s)) {
    const converted = toSimplified(s);
    s = converted.length === s.length ? converted : [...s].map((ch) => toSimplified(ch)).join('');
  }
  lastIn = raw;
  lastOut = s;
  return s;
}

/**
 * Normalises text for matching: Simplified, punctuation and spaces removed (remembered as clause
 * breaks), spoken fillers removed. Terms and transcripts go through the same function.
 */
export function normalizeText(raw: string, fillers: FillerSet): NormText {
  const text = simplifyDisplay(raw);
  const kept: string[] = [];
  const idx: number[] = [];
  const brk: number[] = [];
  let pendingBreak = 0;
  for (let i = 0; i < text.length; i++) {
    let ch = text[i]!;
    const at = i;
    const code = ch.charCodeAt(0);
    if (code >= 0xd800 && code <= 0xdbff) {
      // Astral ideographs (rare) keep one slot so offsets stay aligned.
      ch = HAN.test(text.slice(i, i + 2)) ? '\u3007' : '';
      i++;
      if (!ch) {
        if (pendingBreak < SENTENCE_BREAK) pendingBreak = CLAUSE_BREAK;
        continue;
      }
    } else {
      if (mayNeedNfkc(code, ch)) {
        // Full-width letters and digits, compatibility ideographs: one character in, one out.
        const folded = ch.normalize('NFKC');
        if (folded.length === 1) ch = folded;
      }
      if (ch >= 'A' && ch <= 'Z') ch = ch.toLowerCase();
      if (!isWordChar(ch.charCodeAt(0), ch)) {
        if (pendingBreak < SENTENCE_BREAK) pendingBreak = SENTENCE_END.has(ch) ? SENTENCE_BREAK : CLAUSE_BREAK;
        continue;
      }
    }
    const cands = fillers.byFirst.get(ch);
    if (cands) {
      const f = cands.find((c) => text.startsWith(c, at));
      if (f && !insideKeptWord(text, at, fillers)) {
        i += f.length - 1;
        continue;
      }
    }
    kept.push(FOLD[ch] ?? ch);
    idx.push(at);
    brk.push(pendingBreak);
    pendingBreak = 0;
  }
  return { text, chars: kept.join(''), map: Int32Array.from(idx), breaks: Uint8Array.from(brk) };
}

/** True when a sentence ends between `chars[from]` and `chars[to - 1]`: a span reaching across two sentences. */
export function crossesSentence(n: NormText, from: number, to: number): boolean {
  for (let j = from + 1; j < to; j++) if (n.breaks[j] === SENTENCE_BREAK) return true;
  return false;
}

/**
 * The normalisation of two texts read one after the other (`normalizeText(a + b)`), built from
 * their own normalisations instead of scanning both again. A break separates them when `a`
 * ends in punctuation or a space; a filler can't straddle the seam (each side was cut alone),
 * and a kept word split by it (…不 | 然后…) is not seen, so that filler is removed.
 */
export function concatNormText(a: NormText, b: NormText): NormText {
  const map = new Int32Array(a.map.length + b.map.length);
  map.set(a.map);
  for (let i = 0; i < b.map.length; i++) map[a.map.length + i] = b.map[i]! + a.text.length;
  const breaks = new Uint8Array(a.breaks.length + b.breaks.length);
  breaks.set(a.breaks);
  breaks.set(b.breaks, a.breaks.length);
  const lastKept = a.map.length > 0 ? a.map[a.map.length - 1]! : -1;
  // Anything after a's last kept character (punctuation, a space, a filler) was a break. Only a
  // clause break: the recogniser closes most segments with 。, and the seam is a VAD cut.
  if (b.breaks.length > 0 && a.map.length > 0 && lastKept < a.text.length - 1 && !endsWithFiller(a, lastKept)) breaks[a.breaks.length] = CLAUSE_BREAK;
  return { text: a.text + b.text, chars: a.chars + b.chars, map, breaks };
}

/** True when the text after a's last kept character holds only word characters (a removed filler). */
function endsWithFiller(a: NormText, lastKept: number): boolean {
  for (let i = lastKept + 1; i < a.text.length; i++) {
    const ch = a.text[i]!;
    if (!isWordChar(ch.charCodeAt(0), ch)) return false;
  }
  return true;
}

/** The display text between two `chars` offsets (end exclusive), fillers and punctuation included. */
export function heardSpan(n: NormText, start: number, end: number): string {
  const a = n.map[start] ?? 0;
  const last = n.map[end - 1] ?? a;
  return n.text.slice(a, last + 1);
}
