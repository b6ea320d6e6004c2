import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeAudio } from '../../../core/audio/decode.js';
import { rmsDb } from '../../../core/audio/loudness.js';
import { dominantFrequency, ffmpeg, middleSecond, runtime, toneRelativeDb } from './helpers.js';

let dir: string;
const opts = () => ({ ffmpegPath: runtime.ffmpegPath, ffprobePath: runtime.ffprobePath, maxAudioMs: 60_000 });

/** 2 s of a 1 kHz tone at half scale, encoded as each format a call centre produces. */
const FORMATS = [
  { file: 'pcm16-8k.wav', args: ['-ar', '8000', '-c:a', 'pcm_s16le'], codec: 'pcm_s16le', rate: 8000 },
  { file: 'pcm16-16k.wav', args: ['-ar', '16000', '-c:a', 'pcm_s16le'], codec: 'pcm_s16le', rate: 16000 },
  { file: 'mulaw-8k.wav', args: ['-ar', '8000', '-c:a', 'pcm_mulaw'], codec: 'pcm_mulaw', rate: 8000 },
  { file: 'alaw-8k.wav', args: ['-ar', '8000', '-c:a', 'pcm_alaw'], codec: 'pcm_alaw', rate: 8000 },
  { file: 'tone.mp3', args: ['-ar', '22050', '-c:a', 'libmp3lame', '-b:a', '48k'], codec: 'mp3', rate: 22050 },
  { file: 'tone.amr', args: ['-ar', '8000', '-c:a', 'libopencore_amrnb', '-b:a', '12.2k'], codec: 'amr_nb', rate: 8000 },
  { file: 'tone.ogg', args: ['-ar', '48000', '-c:a', 'libopus', '-b:a', '32k'], codec: 'opus', rate: 48000 },
  { file: 'tone.m4a', args: ['-ar', '44100', '-c:a', 'aac', '-b:a', '64k'], codec: 'aac', rate: 44100 },
] as const;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'callqa-audio-'));
  for (const f of FORMATS) {
    ffmpeg(['-f', 'lavfi', '-i', 'aevalsrc=0.5*sin(2*PI*1000*t):s=48000:d=2', '-ac', '1', ...f.args, join(dir, f.file)]);
  }
  // Distinct content per channel: 440 Hz on the left, 1000 Hz on the right.
  ffmpeg(['-f', 'lavfi', '-i', 'aevalsrc=0.5*sin(2*PI*440*t)|0.3*sin(2*PI*1000*t):s=8000:d=2', '-c:a', 'pcm_mulaw', join(dir, 'stereo-mulaw.wav')]);
  ffmpeg(['-f', 'lavfi', '-i', 'aevalsrc=0.5*sin(2*PI*440*t)|0.3*sin(2*PI*1000*t):s=44100:d=2', '-c:a', 'libmp3lame', '-b:a', '96k', join(dir, 'stereo.mp3')]);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('decodeAudio: formats', () => {
  it.each(FORMATS)('$file decodes to 16 kHz mono with the right duration, level and tone', async ({ file, codec, rate }) => {
    const audio = await decodeAudio({ path: join(dir, file) }, opts());
    expect(audio.sampleRate).toBe(16_000);
    expect(audio.source).toBe(join(dir, file));
    expect(audio.format).toMatchObject({ codec, sampleRate: rate, channels: 1 });
    expect(audio.channels).toHaveLength(1);
    expect(Math.abs(audio.durationMs - 2000)).toBeLessThanOrEqual(30);
    expect(Math.abs((audio.channels[0]?.length ?? 0) - audio.durationMs * 16)).toBeLessThanOrEqual(16);
    const mid = middleSecond(audio.channels[0]);
    // 0.5 × full-scale sine = −9.03 dBFS; codecs keep it within 2.5 dB (AMR-NB, a speech codec,
    // loses the most on a pure tone).
    expect(rmsDb(mid, 0, 1000)).toBeGreaterThan(-11.5);
    expect(rmsDb(mid, 0, 1000)).toBeLessThan(-8);
    expect(dominantFrequency(mid, [440, 1000, 2000, 3000])).toBe(1000);
  });

  it('decodes the same bytes from a Buffer (stdin pipe, and a temp file for MP4) as from the path', async () => {
    for (const file of ['mulaw-8k.wav', 'tone.mp3', 'tone.m4a', 'tone.ogg', 'tone.amr']) {
      const fromPath = await decodeAudio({ path: join(dir, file) }, opts());
      const fromBuffer = await decodeAudio({ buffer: readFileSync(join(dir, file)), name: `upload-${file}` }, opts());
      expect(fromBuffer.source).toBe(`upload-${file}`);
      // Piped MP3 cannot trim the encoder's end padding (it needs the file's end): ≤ 30 ms more.
      expect(Math.abs((fromBuffer.channels[0]?.length ?? 0) - (fromPath.channels[0]?.length ?? 0))).toBeLessThanOrEqual(480);
      expect(rmsDb(fromBuffer.channels[0] as Float32Array, 500, 1500)).toBeCloseTo(rmsDb(fromPath.channels[0] as Float32Array, 500, 1500), 3);
    }
  });

  it.each(['stereo-mulaw.wav', 'stereo.mp3'])('%s keeps left and right apart (440 Hz → channel 0, 1000 Hz → channel 1)', async (file) => {
    const audio = await decodeAudio({ path: join(dir, file) }, opts());
    expect(audio.channels).toHaveLength(2);
    expect(audio.format.channels).toBe(2);
    const [left, right] = audio.channels.map(middleSecond) as [Float32Array, Float32Array];
    expect(dominantFrequency(left, [440, 1000])).toBe(440);
    expect(dominantFrequency(right, [440, 1000])).toBe(1000);
    // No crosstalk: the other channel's tone is at least 40 dB down.
    expect(toneRelativeDb(left, 1000)).toBeLessThan(-40);
    expect(toneRelativeDb(right, 440)).toBeLessThan(-40);
    expect(rmsDb(left, 0, 1000)).toBeCloseTo(-9.03, 0);
    expect(rmsDb(right, 0, 1000)).toBeCloseTo(-13.47, 0);
  });

  it('resamples 8 kHz μ-law to 16 kHz properly: the 1 kHz tone keeps its energy and no image appears above 4 kHz', async () => {
    const audio = await decodeAudio({ path: join(dir, 'mulaw-8k.wav') }, opts());
    const mid = middleSecond(audio.channels[0]);
    expect(rmsDb(mid, 0, 1000)).toBeCloseTo(-9.03, 0);
    expect(toneRelativeDb(mid, 1000)).toBeGreaterThan(-3);
    // Sample-and-hold or linear interpolation leaves the 8 kHz − 1 kHz image at 7 kHz
    // (≈ −17 dB / −35 dB); a proper low-pass resampler leaves nothing above 4 kHz.
    for (let f = 4200; f <= 7800; f += 400) expect(toneRelativeDb(mid, f)).toBeLessThan(-70);
    expect(toneRelativeDb(mid, 7000)).toBeLessThan(-70);
  });
});
