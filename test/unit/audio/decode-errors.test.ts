import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeAudio } from '../../../core/audio/decode.js';
import { CallqaError, ErrorCodes, type ErrorCode } from '../../../core/domain/errors.js';
import { childFfmpegPids, ffmpeg, runtime } from './helpers.js';

let dir: string;
const opts = (maxAudioMs = 60_000) => ({ ffmpegPath: runtime.ffmpegPath, ffprobePath: runtime.ffprobePath, maxAudioMs });
const at = (name: string) => join(dir, name);

async function expectError(promise: Promise<unknown>, code: ErrorCode, name: string, reason?: RegExp): Promise<CallqaError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(CallqaError);
  const e = err as CallqaError;
  expect(e.code).toBe(code);
  expect(e.message).toContain(name);
  expect(e.input).toBe(name);
  expect(e.isInputError).toBe(code !== ErrorCodes.FFMPEG_MISSING);
  if (reason) expect(e.message).toMatch(reason);
  return e;
}

/** A canonical 44-byte PCM16 WAV header declaring `dataBytes` of samples. */
function canonicalWavHeader(sampleRate: number, channels: number, dataBytes: number): Buffer {
  const h = Buffer.alloc(44);
  h.write('RIFF', 0, 'latin1');
  h.writeUInt32LE(36 + dataBytes, 4);
  h.write('WAVEfmt ', 8, 'latin1');
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20);
  h.writeUInt16LE(channels, 22);
  h.writeUInt32LE(sampleRate, 24);
  h.writeUInt32LE(sampleRate * channels * 2, 28);
  h.writeUInt16LE(channels * 2, 32);
  h.writeUInt16LE(16, 34);
  h.write('data', 36, 'latin1');
  h.writeUInt32LE(dataBytes, 40);
  return h;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'callqa-audio-err-'));
  ffmpeg(['-f', 'lavfi', '-i', 'sine=f=1000:d=3:sample_rate=8000', '-c:a', 'pcm_s16le', at('ok.wav')]);
  ffmpeg(['-f', 'lavfi', '-i', 'sine=f=1000:d=3:sample_rate=16000', '-c:a', 'libmp3lame', '-b:a', '32k', at('ok.mp3')]);
  ffmpeg(['-f', 'lavfi', '-i', 'anoisesrc=d=20:r=16000:a=0.3', '-c:a', 'pcm_s16le', at('noise-20s.wav')]);
  writeFileSync(at('empty.wav'), Buffer.alloc(0));
  writeFileSync(at('notes.wav'), 'Agent 1023 called the customer at 20:41 and promised a callback.\n'.repeat(20));
  const wav = readFileSync(at('ok.wav'));
  writeFileSync(at('header-cut.wav'), wav.subarray(0, 20));
  writeFileSync(at('header-only.wav'), canonicalWavHeader(8000, 1, 0));
  writeFileSync(at('header-cut.mp3'), readFileSync(at('ok.mp3')).subarray(0, 200));
  // A PNG: a real media file, but with no audio stream.
  ffmpeg(['-f', 'lavfi', '-i', 'color=c=red:s=16x16:d=1', '-frames:v', '1', at('picture.png')]);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('decodeAudio: bad input gets a clear error naming the file and the reason', () => {
  it('missing file → INPUT_UNREADABLE', async () => {
    await expectError(decodeAudio({ path: at('missing.wav') }, opts()), ErrorCodes.INPUT_UNREADABLE, at('missing.wav'), /no such file/);
  });

  it('a directory → INPUT_UNREADABLE', async () => {
    mkdirSync(at('folder.wav'), { recursive: true });
    await expectError(decodeAudio({ path: at('folder.wav') }, opts()), ErrorCodes.INPUT_UNREADABLE, at('folder.wav'), /not a regular file/);
  });

  it('0-byte file and 0-byte upload → AUDIO_EMPTY', async () => {
    await expectError(decodeAudio({ path: at('empty.wav') }, opts()), ErrorCodes.AUDIO_EMPTY, at('empty.wav'), /0 bytes/);
    await expectError(decodeAudio({ buffer: Buffer.alloc(0), name: 'upload.wav' }, opts()), ErrorCodes.AUDIO_EMPTY, 'upload.wav');
  });

  it('a WAV header with no samples → AUDIO_EMPTY', async () => {
    await expectError(decodeAudio({ path: at('header-only.wav') }, opts()), ErrorCodes.AUDIO_EMPTY, at('header-only.wav'), /no audio samples/);
  });

  it('a text file renamed .wav → AUDIO_UNDECODABLE with ffmpeg’s reason, as path and as upload', async () => {
    const e = await expectError(decodeAudio({ path: at('notes.wav') }, opts()), ErrorCodes.AUDIO_UNDECODABLE, at('notes.wav'), /Invalid data found/);
    expect(e.message.split('\n')).toHaveLength(1);
    await expectError(decodeAudio({ buffer: readFileSync(at('notes.wav')), name: 'notes-upload.wav' }, opts()), ErrorCodes.AUDIO_UNDECODABLE, 'notes-upload.wav', /Invalid data found/);
  });

  it('truncated WAV and MP3 headers → AUDIO_UNDECODABLE', async () => {
    await expectError(decodeAudio({ path: at('header-cut.wav') }, opts()), ErrorCodes.AUDIO_UNDECODABLE, at('header-cut.wav'));
    const e = await expectError(decodeAudio({ path: at('header-cut.mp3') }, opts()), ErrorCodes.AUDIO_UNDECODABLE, at('header-cut.mp3'));
    expect(e.message).not.toContain('0x');
  });

  it('a picture (media, but no audio stream) → AUDIO_UNDECODABLE naming what was found', async () => {
    await expectError(decodeAudio({ path: at('picture.png') }, opts()), ErrorCodes.AUDIO_UNDECODABLE, at('picture.png'), /no audio stream \(found video png/);
  });

  it('longer than maxAudioMs per the probe → AUDIO_TOO_LONG before decoding', async () => {
    await expectError(decodeAudio({ path: at('ok.wav') }, opts(1000)), ErrorCodes.AUDIO_TOO_LONG, at('ok.wav'), /declares 3\.0 s, the limit is 1\.0 s/);
  });

  it('longer than maxAudioMs while streaming (no declared duration: piped MP3) → AUDIO_TOO_LONG, child killed', async () => {
    const upload = { buffer: readFileSync(at('ok.mp3')), name: 'stream.mp3' };
    await expectError(decodeAudio(upload, opts(1000)), ErrorCodes.AUDIO_TOO_LONG, 'stream.mp3', /decodes to more audio than declared/);
    expect(childFfmpegPids()).toEqual([]);
    // …and the same upload passes under a limit it fits.
    const ok = await decodeAudio(upload, opts(5000));
    expect(ok.durationMs).toBeGreaterThan(2900);
  });

  it('ffmpeg/ffprobe binary missing → FFMPEG_MISSING', async () => {
    const promise = decodeAudio({ path: at('ok.wav') }, { ...opts(), ffprobePath: join(dir, 'no-ffprobe'), ffmpegPath: join(dir, 'no-ffmpeg') });
    const err = await promise.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CallqaError);
    expect((err as CallqaError).code).toBe(ErrorCodes.FFMPEG_MISSING);
    expect((err as CallqaError).message).toContain('no-ffprobe');
  });

  it('abort kills the child and rejects with the abort reason, leaving no process behind', async () => {
    const controller = new AbortController();
    const promise = decodeAudio({ path: at('noise-20s.wav') }, { ...opts(), signal: controller.signal });
    setTimeout(() => controller.abort(new Error('stop: test abort')), 5);
    await expect(promise).rejects.toThrow('stop: test abort');
    expect(childFfmpegPids()).toEqual([]);
    // An already-aborted signal never starts a process.
    await expect(decodeAudio({ path: at('ok.wav') }, { ...opts(), signal: AbortSignal.abort(new Error('pre-aborted')) })).rejects.toThrow('pre-aborted');
  });
});
