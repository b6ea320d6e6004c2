import { describe, expect, it } from 'vitest';
import { preferRetry, thinPieces } from '../../../core/asr/coverage.js';
import { spokenChars } from '../../../core/text/normalize.js';
import type { AlignedText } from '../../../core/asr/align-segments.js';
import { packWindows } from '../../../core/asr/windows.js';

const plan = packWindows([
  { startMs: 0, endMs: 5000 }, // 5 s
  { startMs: 6000, endMs: 7500 }, // 1.5 s: too short to judge
  { startMs: 8000, endMs: 12_000 }, // 4 s
]);
const at = (pieceIndex: number, textRaw: string, startMs = pieceIndex * 4000): AlignedText => ({ pieceIndex, textRaw, startMs, endMs: startMs + 500 });

describe('spokenChars', () => {
  it('counts characters without punctuation or spaces', () => {
    expect(spokenChars('首先，我们 现在。')).toBe(6);
    expect(spokenChars('ok, 50%')).toBe(4);
  });
});

describe('thinPieces', () => {
  it('flags long spans whose text is far below speaking rate, and only those', () => {
    expect(plan).toHaveLength(1);
    const aligned = [at(0, '首先，我们现在在商场'), at(2, '先给我们汇报一下就是业绩')];
    // span 0: 9 chars over 5 s (< 2/s) is thin; span 1 is short; span 2: 11 chars over 4 s is fine.
    expect(thinPieces(plan[0]!, aligned)).toEqual([0]);
    expect(thinPieces(plan[0]!, [at(0, '今天说一下今天结底说完了这个小朋友'), at(2, '先给我们汇报一下就是业绩')])).toEqual([]);
  });

  it('flags a long span left with no text at all', () => {
    expect(thinPieces(plan[0]!, [at(0, '今天说一下今天结底说完了这个小朋友')])).toEqual([2]);
  });
});

describe('preferRetry', () => {
  const aligned = [at(0, '首先，我们'), at(1, '嗯'), at(2, '报一下')];
  it('takes the retry when it heard more, keeping the other spans and time order', () => {
    const out = preferRetry(aligned, 0, [at(0, '今天说一下', 100), at(0, '这个小朋友', 2500)]);
    expect(out.map((a) => a.textRaw)).toEqual(['今天说一下', '这个小朋友', '嗯', '报一下']);
    expect(out.every((a, i) => i === 0 || a.startMs >= out[i - 1]!.startMs)).toBe(true);
  });

  it('keeps the first hearing when the retry heard less or looped', () => {
    expect(preferRetry(aligned, 0, [at(0, '首先')])).toEqual(aligned);
    expect(preferRetry(aligned, 0, [{ ...at(0, '上面上面上面上面上面上面'), looped: true }])).toEqual(aligned);
  });
});
