import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSileroVad, type SileroVad } from '../../../core/vad/silero.js';
import { decodeMono16k, seededRandom, sharedPath } from '../../model/fixtures.js';

const SR = 16_000;
let vad: SileroVad;

beforeAll(async () => {
  vad = await createSileroVad();
});
afterAll(async () => {
  await vad.dispose();
});

describe('Silero VAD v5 (real model)', () => {
  it('finds the speech of a real Mandarin clip and nothing before or after it', async () => {
    const speech = decodeMono16k(sharedPath('audio-zh/fireredasr/BAC009S0764W0121.wav'));
    // 2 s of silence, the clip (4.2 s), 2 s of silence.
    const samples = new Float32Array(speech.length + 4 * SR);
    samples.set(speech, 2 * SR);
    const spans = await vad.detect(samples);
    expect(spans.length).toBeGreaterThanOrEqual(1);
    const first = spans[0]!;
    const last = spans.at(-1)!;
    const clipEndMs = 2000 + (speech.length / SR) * 1000;
    expect(first.startMs).toBeGreaterThanOrEqual(2000);
    expect(first.startMs).toBeLessThan(2800);
    expect(last.endMs).toBeLessThanOrEqual(clipEndMs + 300);
    expect(last.endMs).toBeGreaterThan(clipEndMs - 800);
    const speechMs = spans.reduce((a, s) => a + s.endMs - s.startMs, 0);
    expect(speechMs).toBeGreaterThan(2500);
  });

  it('finds nothing on digital silence, a steady tone or white noise', async () => {
    const silence = new Float32Array(5 * SR);
    const tone = Float32Array.from({ length: 5 * SR }, (_, i) => 0.3 * Math.sin((2 * Math.PI * 440 * i) / SR));
    const rnd = seededRandom(7);
    const noise = Float32Array.from({ length: 5 * SR }, () => (rnd() * 2 - 1) * 0.05);
    expect(await vad.detect(silence)).toEqual([]);
    expect(await vad.detect(tone)).toEqual([]);
    expect(await vad.detect(noise)).toEqual([]);
  });

  it('resets its state between channels: the same audio gives the same probabilities', async () => {
    const speech = decodeMono16k(sharedPath('audio-zh/wenet/gpu-mid.wav'));
    const a = await vad.probabilities(speech);
    await vad.probabilities(new Float32Array(SR).fill(0.2));
    const b = await vad.probabilities(speech);
    expect(Array.from(b)).toEqual(Array.from(a));
    expect(Math.max(...a)).toBeGreaterThan(0.9);
  });

  it('runs far faster than real time', async () => {
    const speech = decodeMono16k(sharedPath('audio-zh/fireredasr/TEST_MEETING_T0000000001_S00000.wav'));
    const t0 = performance.now();
    const spans = await vad.detect(speech);
    const elapsedMs = performance.now() - t0;
    expect(spans.length).toBeGreaterThan(0);
    // 12.4 s of audio; measured ≈ 80 ms on 2 shared cores. Allow a wide margin for CI load.
    expect(elapsedMs).toBeLessThan(((speech.length / SR) * 1000) / 10);
  });
});

describe('Silero VAD batched over chunks', () => {
  it('finds the same speech as one sequential pass over a long recording', async () => {
    const sequential = await createSileroVad({ chunkFrames: Number.POSITIVE_INFINITY });
    try {
      // 40 s reading: five 8.2 s chunks run side by side.
      const samples = decodeMono16k(sharedPath('audio-zh/longform/zh_liaozhai_40s.mp3'));
      const a = await sequential.probabilities(samples);
      const b = await vad.probabilities(samples);
      expect(b.length).toBe(a.length);
      let disagree = 0;
      for (let i = 0; i < a.length; i++) if (a[i]! >= 0.5 !== b[i]! >= 0.5) disagree++;
      expect(disagree / a.length).toBeLessThan(0.01);
      const spansA = await sequential.detect(samples);
      const spansB = await vad.detect(samples);
      const speech = (spans: { startMs: number; endMs: number }[]) => spans.reduce((s, x) => s + x.endMs - x.startMs, 0);
      expect(Math.abs(speech(spansA) - speech(spansB))).toBeLessThan(500);
    } finally {
      await sequential.dispose();
    }
  });
});
