/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const LOOSE = /[\s\p{P}\p{S}]/u;

/**
 * Every [start, end) range where one of the needles occurs in text, merged where they overlap.
 * Punctuation and spaces are ignored on both sides (the lexicon reports the words heard in
 * normalised text, which has none), so `联系你通讯录` still marks `联系你,通讯录`.
 */
export function findRanges(text: string, needles: Iterable<string>): Array<[number, number]> {
  let bare = '';
  const pos: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (LOOSE.test(ch)) continue;
    bare += ch;
    pos.push(i);
  }
  const ranges: Array<[number, number]> = [];
  for (const raw of needles) {
    const needle = [...raw].filter((ch) => !LOOSE.test(ch)).join('');
    if (needle.length === 0) continue;
    let at = bare.indexOf(needle);
    while (at !== -1) {
      ranges.push([pos[at] as number, (pos[at + needle.length - 1] as number) + 1]);
      at = bare.indexOf(needle, at + needle.length);
    }
  }
  ranges.sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const r of ranges) {
    const last = merged.at(-1);
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  return merged;
}

/** The text, escaped, with every occurrence of the needles wrapped in `<mark>`. */
export function markHtml(text: string, needles: Iterable<string>): string {
  let out = '';
  let pos = 0;
  for (const [start, end] of findRanges(text, needles)) {
    out += escapeHtml(text.slice(pos, start)) + '<mark>' + escapeHtml(text.slice(start, end)) + '</mark>';
    pos = end;
  }
  return out + escapeHtml(text.slice(pos));
}
