import { describe, expect, it } from 'vitest';
import { peakWindowDb, rmsDb, SILENCE_DB, speechLoudnessDb } from '../../../core/audio/loudness.js';

const RATE = 16_000;

/** A sine of `amplitude` (1 = full scale) at `freqHz` for `ms`, 16 kHz. */
function sine(ms: number, amplitude = 1, freqHz = 1000): Float32Array {
  const out = new Float32Array((ms * RATE) / 1000);
  for (let i = 0; i < out.length; i++) out[i] = amplitude * Math.sin((2 * Math.PI * freqHz * i) / RATE);
  return out;
}

function concat(...parts: Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

describe('rmsDb', () => {
  it('a full-scale sine is −3.01 dBFS; half scale −9.03; a full-scale square 0', () => {
    expect(rmsDb(sine(1000), 0, 1000)).toBeCloseTo(-3.0103, 3);
    expect(rmsDb(sine(1000, 0.5), 0, 1000)).toBeCloseTo(-9.0309, 3);
    const square = new Float32Array(1600).map((_, i) => (i % 32 < 16 ? 1 : -1));
    expect(rmsDb(square, 0, 100)).toBeCloseTo(0, 6);
  });

  it('measures only the span asked for', () => {
    const signal = concat(new Float32Array(RATE), sine(1000, 0.1));
    expect(rmsDb(signal, 1000, 2000)).toBeCloseTo(-23.01, 2);
    expect(rmsDb(signal, 0, 1000)).toBe(SILENCE_DB);
    // Half silence, half tone: 3 dB below the tone alone.
    expect(rmsDb(signal, 500, 1500)).toBeCloseTo(-26.02, 1);
  });

  it('is −Infinity-safe and clamps spans outside the signal', () => {
    expect(rmsDb(new Float32Array(1600), 0, 100)).toBe(SILENCE_DB);
    expect(rmsDb(sine(100), 50, 50)).toBe(SILENCE_DB);
    expect(rmsDb(sine(100), 200, 300)).toBe(SILENCE_DB);
    expect(rmsDb(sine(100), -500, 5000)).toBeCloseTo(-3.01, 2);
    expect(rmsDb(new Float32Array(16).fill(1e-9), 0, 1)).toBe(SILENCE_DB);
    expect(Number.isFinite(rmsDb(new Float32Array(0), 0, 1000))).toBe(true);
  });
});

describe('peakWindowDb', () => {
  it('finds a short loud burst that the span RMS averages away', () => {
    const signal = concat(sine(2000, 0.05), sine(100, 0.9), sine(2000, 0.05));
    const mean = rmsDb(signal, 0, 4100);
    const peak = peakWindowDb(signal, 0, 4100);
    expect(peak).toBeCloseTo(-3.01 + 20 * Math.log10(0.9), 0);
    expect(peak - mean).toBeGreaterThan(10);
  });

  it('equals the RMS on a steady signal and on spans shorter than the window', () => {
    const steady = sine(1000, 0.5);
    expect(peakWindowDb(steady, 0, 1000)).toBeCloseTo(-9.03, 1);
    expect(peakWindowDb(steady, 100, 120)).toBeCloseTo(rmsDb(steady, 100, 120), 6);
    expect(peakWindowDb(new Float32Array(RATE), 0, 1000)).toBe(SILENCE_DB);
  });

  it('honours the window length: a 20 ms click is diluted in a 200 ms window', () => {
    const signal = concat(new Float32Array(RATE / 2), sine(20, 1), new Float32Array(RATE / 2));
    expect(peakWindowDb(signal, 0, 1020, 20)).toBeGreaterThan(-4);
    expect(peakWindowDb(signal, 0, 1020, 200)).toBeCloseTo(-3.01 - 10, 0);
  });

  it('stays exact over long spans (running sum does not drift)', () => {
    const long = concat(sine(60_000, 0.01), sine(50, 0.5));
    expect(peakWindowDb(long, 0, 60_050)).toBeCloseTo(-9.03, 1);
    expect(peakWindowDb(long, 0, 59_000)).toBeCloseTo(-43.01, 1);
  });
});

describe('speechLoudnessDb', () => {
  it('averages over the speech spans only, ignoring the pauses between them', () => {
    const signal = concat(sine(1000, 0.5), new Float32Array(RATE * 3), sine(1000, 0.5));
    expect(rmsDb(signal, 0, 5000)).toBeCloseTo(-9.03 - 10 * Math.log10(2.5), 1);
    expect(speechLoudnessDb(signal, [{ startMs: 0, endMs: 1000 }, { startMs: 4000, endMs: 5000 }])).toBeCloseTo(-9.03, 2);
  });

  it('weights spans by length and does not double-count overlaps', () => {
    const signal = concat(sine(1000, 1), sine(3000, 0.1));
    // Mean square: (1·0.5 + 3·0.005) / 4
    const expected = 10 * Math.log10((0.5 + 3 * 0.005) / 4);
    expect(speechLoudnessDb(signal, [{ startMs: 0, endMs: 4000 }])).toBeCloseTo(expected, 2);
    expect(speechLoudnessDb(signal, [{ startMs: 1000, endMs: 4000 }, { startMs: 0, endMs: 2500 }])).toBeCloseTo(expected, 2);
  });

  it('gives the silence floor with no spans', () => {
    expect(speechLoudnessDb(sine(100), [])).toBe(SILENCE_DB);
    expect(speechLoudnessDb(sine(100), [{ startMs: 500, endMs: 900 }])).toBe(SILENCE_DB);
  });
});
