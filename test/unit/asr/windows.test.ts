import { describe, expect, it } from 'vitest';
import { packWindows, pieceWindowEndMs, renderWindow, snapIntoSpans, sourceToWindowMs, widenSpans, windowToSourceMs } from '../../../core/asr/windows.js';

describe('packWindows', () => {
  it('lays spans end to end with gaps and maps times back exactly', () => {
    const plans = packWindows(
      [
        { startMs: 9000, endMs: 12_000 },
        { startMs: 1000, endMs: 4000 },
      ],
      { gapMs: 400, leadMs: 0 },
    );
    expect(plans).toEqual([
      {
        durationMs: 6400,
        pieces: [
          { sourceStartMs: 1000, sourceEndMs: 4000, windowStartMs: 0 },
          { sourceStartMs: 9000, sourceEndMs: 12_000, windowStartMs: 3400 },
        ],
      },
    ]);
    const plan = plans[0]!;
    expect(windowToSourceMs(plan, 0)).toBe(1000);
    expect(windowToSourceMs(plan, 2500)).toBe(3500);
    expect(windowToSourceMs(plan, 3400)).toBe(9000);
    expect(windowToSourceMs(plan, 6400)).toBe(12_000);
    // In the gap: snaps to the nearer edge.
    expect(windowToSourceMs(plan, 3100)).toBe(4000);
    expect(windowToSourceMs(plan, 3300)).toBe(9000);
    // Past the end clamps.
    expect(windowToSourceMs(plan, 9000)).toBe(12_000);
  });

  it('round-trips every ms inside the pieces', () => {
    const spans = [
      { startMs: 500, endMs: 2500 },
      { startMs: 3000, endMs: 8000 },
      { startMs: 20_000, endMs: 29_000 },
      { startMs: 40_000, endMs: 55_000 },
    ];
    const plans = packWindows(spans, { gapMs: 300, leadMs: 0 });
    for (const span of spans) {
      for (let t = span.startMs; t <= span.endMs; t += 250) {
        const plan = plans.find((p) => sourceToWindowMs(p, t) !== undefined)!;
        expect(plan).toBeDefined();
        expect(windowToSourceMs(plan, sourceToWindowMs(plan, t)!)).toBe(t);
      }
    }
    expect(sourceToWindowMs(plans[0]!, 2700)).toBeUndefined();
  });

  it('never exceeds the window length and starts a new window at the boundary', () => {
    const spans = Array.from({ length: 20 }, (_, i) => ({
      startMs: i * 5000,
      endMs: i * 5000 + 2800,
    }));
    const plans = packWindows(spans, {
      gapMs: 200,
      maxWindowMs: 30_000,
      leadMs: 0,
    });
    // 2800 + 9 × (200 + 2800) = 29 800 ≤ 30 000: ten spans per window.
    expect(plans.map((p) => p.pieces.length)).toEqual([10, 10]);
    for (const p of plans) {
      expect(p.durationMs).toBeLessThanOrEqual(30_000);
      expect(pieceWindowEndMs(p.pieces.at(-1)!)).toBe(p.durationMs);
    }
    const exact = packWindows(
      [
        { startMs: 0, endMs: 14_800 },
        { startMs: 20_000, endMs: 35_000 },
      ],
      { gapMs: 200, leadMs: 0 },
    );
    expect(exact).toHaveLength(1);
    expect(exact[0]!.durationMs).toBe(30_000);
  });

  it('cuts spans longer than a window into consecutive pieces', () => {
    const plans = packWindows([{ startMs: 1000, endMs: 71_000 }], {
      gapMs: 300,
      leadMs: 0,
    });
    expect(plans.map((p) => p.pieces)).toEqual([
      [{ sourceStartMs: 1000, sourceEndMs: 31_000, windowStartMs: 0 }],
      [{ sourceStartMs: 31_000, sourceEndMs: 61_000, windowStartMs: 0 }],
      [{ sourceStartMs: 61_000, sourceEndMs: 71_000, windowStartMs: 0 }],
    ]);
  });

  it('opens every window with lead silence (default 500 ms, 1000 ms gaps) and keeps windows within 30 s', () => {
    const plans = packWindows([
      { startMs: 1000, endMs: 4000 },
      { startMs: 9000, endMs: 12_000 },
      { startMs: 20_000, endMs: 60_000 },
    ]);
    expect(plans.map((p) => p.pieces.map((x) => [x.sourceStartMs, x.sourceEndMs, x.windowStartMs]))).toEqual([
      [
        [1000, 4000, 500],
        [9000, 12_000, 4500],
      ],
      [[20_000, 49_500, 500]],
      [[49_500, 60_000, 500]],
    ]);
    expect(plans.map((p) => p.durationMs)).toEqual([7500, 30_000, 11_000]);
    // The lead maps to the first span's start; nothing before it is invented.
    expect(windowToSourceMs(plans[0]!, 0)).toBe(1000);
    expect(windowToSourceMs(plans[0]!, 700)).toBe(1200);
    expect(() => packWindows([], { leadMs: 30_000 })).toThrow(RangeError);
  });

  it('ignores empty spans and rejects bad options', () => {
    expect(packWindows([{ startMs: 5, endMs: 5 }])).toEqual([]);
    expect(() => packWindows([], { maxWindowMs: 0 })).toThrow(RangeError);
  });
});

describe('renderWindow', () => {
  it('copies each piece to its offset with silence between', () => {
    const sr = 1000; // 1 sample per ms keeps the arithmetic readable
    const samples = Float32Array.from({ length: 100 }, (_, i) => i + 1);
    const [plan] = packWindows(
      [
        { startMs: 10, endMs: 20 },
        { startMs: 50, endMs: 55 },
      ],
      { gapMs: 3, leadMs: 2 },
    );
    const out = renderWindow(plan!, samples, sr);
    expect(Array.from(out)).toEqual([0, 0, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 0, 0, 0, 51, 52, 53, 54, 55]);
  });
});

describe('widenSpans', () => {
  it('adds audio before each span, clamped to the start of the recording', () => {
    expect(widenSpans([{ startMs: 100, endMs: 900 }, { startMs: 5000, endMs: 6000 }], 250)).toEqual([
      { startMs: 0, endMs: 900 },
      { startMs: 4750, endMs: 6000 },
    ]);
  });

  it('never reaches into a neighbour, and joins spans that come to touch', () => {
    // 200 ms apart: the second span's pre-roll stops at the first one's end, so they join.
    expect(widenSpans([{ startMs: 1000, endMs: 2000 }, { startMs: 2200, endMs: 3000 }], 250)).toEqual([
      { startMs: 750, endMs: 3000 },
    ]);
    // 1 s apart: both keep their own pre-roll.
    expect(widenSpans([{ startMs: 3000, endMs: 4000 }, { startMs: 1000, endMs: 2000 }], 250)).toEqual([
      { startMs: 750, endMs: 2000 },
      { startMs: 2750, endMs: 4000 },
    ]);
  });

  it('leaves spans alone with no widening and drops empty ones', () => {
    expect(widenSpans([{ startMs: 10, endMs: 20 }, { startMs: 30, endMs: 30 }], 0)).toEqual([{ startMs: 10, endMs: 20 }]);
  });
});

describe('snapIntoSpans', () => {
  const spans = [{ startMs: 1000, endMs: 2000 }, { startMs: 3000, endMs: 4000 }];
  it('moves an edge in pre-roll or a gap to the nearest span edge inside the range', () => {
    expect(snapIntoSpans(750, 1800, spans)).toEqual({ startMs: 1000, endMs: 1800 });
    expect(snapIntoSpans(1500, 3500, spans)).toEqual({ startMs: 1500, endMs: 3500 });
    expect(snapIntoSpans(2750, 4200, spans)).toEqual({ startMs: 3000, endMs: 4000 });
    expect(snapIntoSpans(2100, 2900, spans)).toEqual({ startMs: 2100, endMs: 2900 });
  });
});
