import { describe, expect, it } from 'vitest';
import { alignChunksToSpans, splitTextByWeights } from '../../../core/asr/align-segments.js';
import { packWindows } from '../../../core/asr/windows.js';

// Two spans: 2000–5000 (window 0–3000) and 10 000–14 000 (window 3400–7400).
const [plan] = packWindows(
  [
    { startMs: 2000, endMs: 5000 },
    { startMs: 10_000, endMs: 14_000 },
  ],
  { gapMs: 400, leadMs: 0 },
);

describe('alignChunksToSpans', () => {
  it('gives one segment per span, timed by the span, not by Whisper', () => {
    const out = alignChunksToSpans(plan!, [
      { text: '您好，请问是张先生吗', startMs: 200, endMs: 2600 },
      { text: '是我', startMs: 4200, endMs: 5200 },
    ]);
    expect(out).toEqual([
      {
        startMs: 2000,
        endMs: 5000,
        textRaw: '您好，请问是张先生吗',
        pieceIndex: 0,
      },
      { startMs: 10_000, endMs: 14_000, textRaw: '是我', pieceIndex: 1 },
    ]);
  });

  it('sends a drifted chunk to the span it overlaps most, or the nearest one', () => {
    const out = alignChunksToSpans(plan!, [
      { text: '甲', startMs: 2800, endMs: 3300 }, // mostly in the gap, overlaps span 0 only
      { text: '乙', startMs: 8000, endMs: 9000 }, // past the end: nearest is span 1
    ]);
    expect(out.map((s) => [s.pieceIndex, s.textRaw])).toEqual([
      [0, '甲'],
      [1, '乙'],
    ]);
  });

  it('splits a chunk that straddles two spans in proportion to the overlaps', () => {
    const out = alignChunksToSpans(plan!, [{ text: '一二三四五六七八', startMs: 1000, endMs: 7400 }]);
    // Overlaps: 2000 ms with span 0, 4000 ms with span 1 → 8 × 1/3 ≈ 3 characters first.
    expect(out.map((s) => s.textRaw)).toEqual(['一二三', '四五六七八']);
    expect(out.map((s) => [s.startMs, s.endMs])).toEqual([
      [2000, 5000],
      [10_000, 14_000],
    ]);
  });

  it('cuts sub-segments inside a span at Whisper boundaries, clamped to the span', () => {
    const [one] = packWindows([{ startMs: 60_000, endMs: 70_000 }], {
      leadMs: 0,
    });
    const out = alignChunksToSpans(one!, [
      { text: '第一句', startMs: 0, endMs: 4000 },
      { text: '第二句', startMs: 4000, endMs: 8000 },
      { text: '尾', startMs: 9900, endMs: 12_000 }, // starts 100 ms before the end: merged
    ]);
    expect(out).toEqual([
      { startMs: 60_000, endMs: 64_000, textRaw: '第一句', pieceIndex: 0 },
      { startMs: 64_000, endMs: 70_000, textRaw: '第二句尾', pieceIndex: 0 },
    ]);
  });

  it('drops blank chunks and yields nothing for spans without text', () => {
    expect(alignChunksToSpans(plan!, [{ text: '  ', startMs: 0, endMs: 3000 }])).toEqual([]);
  });
});

describe('splitTextByWeights', () => {
  it('prefers to cut right after punctuation near the proportional point', () => {
    expect(splitTextByWeights('你好，我是客服小王请问', [1, 1])).toEqual(['你好，', '我是客服小王请问']);
    expect(splitTextByWeights('一二三四', [1, 1])).toEqual(['一二', '三四']);
  });
});

describe('alignChunksToSpans: looped chunks', () => {
  it('carries the loop flag to every segment that received looped text', () => {
    const out = alignChunksToSpans(plan!, [
      { text: '您好', startMs: 0, endMs: 2000 },
      { text: '共一年，', startMs: 3500, endMs: 5000, looped: true },
      { text: '共一年，', startMs: 5000, endMs: 7000, looped: true },
    ]);
    expect(out.map((s) => s.looped === true)).toEqual([false, true, true]);
  });
});

describe('alignChunksToSpans: the decoder\'s confidence', () => {
  it('gives each segment its chunk\'s log-probability, and a merged tail its length-weighted mean', () => {
    const [one] = packWindows([{ startMs: 60_000, endMs: 70_000 }], { leadMs: 0 });
    const out = alignChunksToSpans(one!, [
      { text: '第一句', startMs: 0, endMs: 4000, logprob: -0.2 },
      { text: '第二句', startMs: 4000, endMs: 8000, logprob: -0.4 },
      { text: '尾', startMs: 9900, endMs: 12_000, logprob: -1 }, // merged into 第二句
    ]);
    expect(out.map((s) => [s.textRaw, s.logprob])).toEqual([
      ['第一句', -0.2],
      ['第二句尾', expect.closeTo((-0.4 * 3 - 1) / 4, 6)],
    ]);
  });

  it('leaves the log-probability out where part of the text has none', () => {
    const [one] = packWindows([{ startMs: 0, endMs: 5000 }], { leadMs: 0 });
    const out = alignChunksToSpans(one!, [
      { text: '前', startMs: 0, endMs: 100, logprob: -0.3 },
      { text: '后', startMs: 150, endMs: 5000 },
    ]);
    expect(out).toHaveLength(1);
    expect(out[0]!.logprob).toBeUndefined();
  });
});

describe('alignChunksToSpans: drifting timestamps in a packed window (cl-01, customer channel)', () => {
  // The customer's five turns packed with 500 ms lead and 400 ms gaps; chunk stamps as
  // whisper-base produced them (whole seconds, drifting across the gaps).
  const [window] = packWindows(
    [
      { startMs: 4586, endMs: 6838 },
      { startMs: 25_898, endMs: 30_806 },
      { startMs: 36_042, endMs: 39_830 },
      { startMs: 47_466, endMs: 49_334 },
      { startMs: 56_138, endMs: 58_646 },
    ],
    { gapMs: 400, leadMs: 500 },
  );
  const chunks = [
    { text: '对，是我，什么事', startMs: 0, endMs: 3000 },
    { text: '我最近手头真的很紧', startMs: 3000, endMs: 6000 },
    { text: '能不能下个月再说', startMs: 6000, endMs: 8000 },
    { text: '我实在拿不出来', startMs: 8000, endMs: 11_000 },
    { text: '你们再等等吧', startMs: 11_000, endMs: 12_000 },
    { text: '你们怎么能这样', startMs: 12_000, endMs: 14_000 },
    { text: '好吧我晚上想想办法', startMs: 14_000, endMs: 17_000 },
  ];

  it('keeps each turn on its own span: a small overhang into the previous span steals no text', () => {
    const out = alignChunksToSpans(window!, chunks);
    const byPiece = window!.pieces.map((_, i) =>
      out
        .filter((s) => s.pieceIndex === i)
        .map((s) => s.textRaw)
        .join(''),
    );
    // The last chunk overhangs span 3 by 516 ms; proportional splitting gave span 3 "好吧".
    expect(byPiece).toEqual([
      '对，是我，什么事',
      '我最近手头真的很紧能不能下个月再说',
      '我实在拿不出来你们再等等吧',
      '你们怎么能这样',
      '好吧我晚上想想办法',
    ]);
    expect(out[0]).toMatchObject({ startMs: 4586, endMs: 6838 });
  });

  it('never places a chunk before the span of the chunk preceding it', () => {
    const [plan] = packWindows(
      [
        { startMs: 0, endMs: 3000 },
        { startMs: 10_000, endMs: 13_000 },
        { startMs: 20_000, endMs: 23_000 },
      ],
      { gapMs: 400, leadMs: 0 },
    );
    // Window pieces: 0–3000, 3400–6400, 6800–9800. The second chunk's stamps drifted past the
    // third span, yet the third chunk (said later) is stamped inside the second span.
    const out = alignChunksToSpans(plan!, [
      { text: '第一句', startMs: 0, endMs: 2800 },
      { text: '第二句', startMs: 9200, endMs: 9800 },
      { text: '第三句', startMs: 4000, endMs: 6000 },
    ]);
    const order = out.map((s) => s.pieceIndex);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(out.map((s) => s.textRaw).join('')).toBe('第一句第二句第三句');
  });
});
