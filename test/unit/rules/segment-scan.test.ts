/**
 * Reading two VAD-cut segments as one without scanning both again: the automata carry on from
 * where the first text's scan ended, and only hits across the seam are looked for. These tests
 * hold that shortcut to what a scan of the joined text finds, over every example sentence of the
 * shipped lexicons cut at every position.
 */
import { describe, expect, it } from 'vitest';
import { compileLexiconSet, loadLexiconSet } from '../../../core/rules/lexicon/index.js';
import { concatNormText, normalizeText } from '../../../core/rules/lexicon/normalize.js';
import { scanSeam, scanText, scanTextTraced, type RawHit } from '../../../core/rules/lexicon/scan.js';
import { joinScans, scanSegment } from '../../../core/rules/lexicon/segment-scan.js';
import { SeqAutomaton } from '../../../core/rules/lexicon/seq-automaton.js';

const set = loadLexiconSet();
const c = compileLexiconSet(set);
const sentences = [...new Set(set.rules.flatMap((r) => [...(r.examples?.positive ?? []), ...(r.examples?.negative ?? [])].map((e) => (typeof e === 'string' ? e : e.text))))];
const key = (h: RawHit): string => `${h.entry}:${h.start}-${h.end}:${h.method}:${h.distance}`;

describe('SeqAutomaton.continueScan', () => {
  const a = new SeqAutomaton();
  for (const p of ['通讯录', '讯录里', '录里的人', '法院', '院的']) a.addString(p);
  a.build();
  const all = (text: string): string[] => {
    const out: string[] = [];
    a.scanString(text, (id, s, e) => out.push(`${id}:${s}-${e}`));
    return out;
  };

  it.each([['通讯', '录里的人'], ['通讯录里', '的人'], ['我们法', '院的'], ['法院', '的人'], ['', '法院']])('finds the occurrences across "%s|%s" that a whole scan finds', (x, y) => {
    const state = a.scanString(x, () => {});
    const got: string[] = [];
    a.continueScan(state, x + y, x.length, (id, s, e) => {
      if (s < x.length) got.push(`${id}:${s}-${e}`);
    });
    const want = all(x + y).filter((h) => Number(h.split(':')[1]!.split('-')[0]) < x.length && Number(h.split('-')[1]) > x.length);
    expect(got.sort()).toEqual(want.sort());
  });

  it('stops as soon as no match can start before the seam', () => {
    let steps = 0;
    const state = a.scanString('我们', () => {});
    a.continueScan(state, '我们' + '好'.repeat(1000), 2, () => steps++);
    expect(steps).toBe(0);
  });
});

describe('scanSeam', () => {
  it('finds exactly the hits across the seam that a scan of the joined text finds, for every cut of every lexicon example', () => {
    let cuts = 0;
    let crossing = 0;
    for (const sentence of sentences) {
      const whole = normalizeText(sentence, c.fillers);
      for (let cut = 1; cut < sentence.length; cut++) {
        const a = normalizeText(sentence.slice(0, cut), c.fillers);
        const b = normalizeText(sentence.slice(cut), c.fillers);
        const joined = concatNormText(a, b);
        if (joined.chars !== whole.chars) continue; // a filler cut in two: not the same text
        const boundary = a.chars.length;
        if (boundary === 0 || b.chars.length === 0) continue;
        cuts++;
        const want = scanText(c, joined).filter((h) => h.start < boundary && h.end > boundary).map(key).sort();
        const got = scanSeam(c, joined, boundary, scanTextTraced(c, a).trace, scanTextTraced(c, b).trace).map(key).sort();
        crossing += want.length;
        expect(got, `"${sentence.slice(0, cut)}|${sentence.slice(cut)}"`).toEqual(want);
      }
    }
    expect(cuts).toBeGreaterThan(5000);
    expect(crossing).toBeGreaterThan(1000);
  });
});

describe('joinScans', () => {
  it('lists no rule to evaluate when nothing can reach across the seam', () => {
    const a = scanSegment(c, normalizeText('好的，', c.fillers));
    const b = scanSegment(c, normalizeText('那我明天再打给您', c.fillers));
    expect(joinScans(c, a, b, concatNormText(a.n, b.n)).rules).toEqual([]);
  });

  it('lists the rule of a phrase cut in two, with the hits of both halves shifted onto the joined text', () => {
    const a = scanSegment(c, normalizeText('你再不还钱我们就联系你通讯', c.fillers));
    const b = scanSegment(c, normalizeText('录里的所有人', c.fillers));
    const joined = joinScans(c, a, b, concatNormText(a.n, b.n));
    const whole = scanSegment(c, normalizeText('你再不还钱我们就联系你通讯录里的所有人', c.fillers));
    const contact = c.rules.find((r) => r.category === 'contact_list_threat' && whole.byRule.has(r.index))!;
    expect(joined.rules).toContain(contact.index);
    for (const [r, hits] of whole.byRule) expect((joined.byRule.get(r) ?? []).map(key).sort(), c.rules[r]!.id).toEqual(hits.map(key).sort());
  });
});
