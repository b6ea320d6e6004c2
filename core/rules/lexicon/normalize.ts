import * as OpenCC from 'opencc-js';

const toSimplified = OpenCC.Converter({ from: 'tw', to: 'cn' });

/** Any character that is not a letter, a digit or a CJK ideograph separates clauses. */
const KEEP = /[\p{L}\p{N}]/u;
const HAN = /\p{Script=Han}/u;
/** Punctuation that ends a sentence: no single term reaches across it. */
const SENTENCE_END = new Set([...'。！？!?；;…'].map((ch) => ch.charCodeAt(0)));
/** `NormText.breaks` values: punctuation or a space (a clause break), or a sentence end. */
export const CLAUSE_BREAK = 1;
export const SENTENCE_BREAK = 2;
/** Forms that change nothing for the rules: polite 您 / 妳 → 你, 她 / 祂 → 他 (by code unit). */
function folded(code: number): number {
  switch (code) {
    case 0x60a8: // 您
    case 0x59b3: // 妳
      return 0x4f60; // 你
    case 0x5979: // 她
    case 0x7942: // 祂
      return 0x4ed6; // 他
    default:
      return code;
  }
}

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
function isWordChar(code: number): boolean {
  if (code < 0x80) return (code >= 0x61 && code <= 0x7a) || (code >= 0x30 && code <= 0x39);
  if ((code >= 0x4e00 && code <= 0x9fff) || (code >= 0x3400 && code <= 0x4dbf)) return true;
  if (code >= 0x3000 && code <= 0x303f) return code === 0x3007;
  if (code >= 0xff00 && code <= 0xffef) return false;
  return KEEP.test(String.fromCharCode(code));
}

/** Compiled filler list: longest first so 那个 wins over a single-character filler. */
export interface FillerSet {
  byFirst: Map<string, string[]>;
  /** 1 at the code unit of every filler's first character: the map is looked up only there. */
  firstCodes: Uint8Array;
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
  const firstCodes = new Uint8Array(65_536);
  for (const first of byFirst.keys()) firstCodes[first.charCodeAt(0)] = 1;
  return { byFirst, firstCodes, keptBefore };
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
  const idx = new Int32Array(text.length);
  const brk = new Uint8Array(text.length);
  // `chars` is built from runs of `text` kept as they are (slices are cheap), and single
  // characters where a kept character differs from what was heard (您 → 你, Ａ → a).
  let chars = '';
  let runStart = 0;
  let runEnd = 0;
  let k = 0;
  let pendingBreak = 0;
  for (let i = 0; i < text.length; i++) {
    const heard = text.charCodeAt(i);
    let code = heard;
    const at = i;
    if (code >= 0x4e00 && code <= 0x9fff) {
      // A common ideograph, nearly every character of a transcript: kept as it is.
    } else if (code >= 0xd800 && code <= 0xdbff) {
      // Astral ideographs (rare) keep one slot so offsets stay aligned.
      const astral = HAN.test(text.slice(i, i + 2));
      i++;
      if (!astral) {
        if (pendingBreak < SENTENCE_BREAK) pendingBreak = CLAUSE_BREAK;
        continue;
      }
      code = 0x3007;
    } else {
      // Full-width letters, digits and punctuation are their ASCII forms under NFKC.
      if (code >= 0xff01 && code <= 0xff5e) code -= 0xfee0;
      else if (mayNeedNfkc(code, text[i]!)) {
        // Compatibility ideographs and the like: one character in, one out.
        const nfkc = text[i]!.normalize('NFKC');
        if (nfkc.length === 1) code = nfkc.charCodeAt(0);
      }
      if (code >= 0x41 && code <= 0x5a) code += 0x20;
      if (!isWordChar(code)) {
        if (pendingBreak < SENTENCE_BREAK) pendingBreak = SENTENCE_END.has(code) ? SENTENCE_BREAK : CLAUSE_BREAK;
        continue;
      }
    }
    if (fillers.firstCodes[code] === 1) {
      const f = fillers.byFirst.get(String.fromCharCode(code))!.find((c) => text.startsWith(c, at));
      if (f && !insideKeptWord(text, at, fillers)) {
        i += f.length - 1;
        continue;
      }
    }
    const kept = folded(code);
    if (kept === heard && runEnd === at) runEnd = at + 1;
    else {
      chars += text.slice(runStart, runEnd);
      if (kept === heard) {
        runStart = at;
        runEnd = at + 1;
      } else {
        chars += String.fromCharCode(kept);
        runStart = runEnd = at + 1;
      }
    }
    idx[k] = at;
    brk[k] = pendingBreak;
    k++;
    pendingBreak = 0;
  }
  chars += text.slice(runStart, runEnd);
  return { text, chars, map: idx.slice(0, k), breaks: brk.slice(0, k) };
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
    if (!isWordChar(ch.charCodeAt(0))) return false;
  }
  return true;
}

/** The display text between two `chars` offsets (end exclusive), fillers and punctuation included. */
export function heardSpan(n: NormText, start: number, end: number): string {
  const a = n.map[start] ?? 0;
  const last = n.map[end - 1] ?? a;
  return n.text.slice(a, last + 1);
}
