/** Audio made on the fly for the API tests (nothing downloaded, nothing committed). */
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { bankVoice, loadSyllableBank, renderCall, type CallTurn } from '../../../scripts/synth/index.js';

const require = createRequire(import.meta.url);

/**
 * A 16-bit PCM stereo WAV: a tone on the left channel, noise-free silence with a faint tone on the
 * right. `seed` changes the frequency, so each call gives different content (different sha256).
 */
export function toneWav(opts: { seconds?: number; sampleRate?: number; seed?: number } = {}): Buffer {
  const sampleRate = opts.sampleRate ?? 16_000;
  const frames = Math.round((opts.seconds ?? 1) * sampleRate);
  const freq = 300 + ((opts.seed ?? randomBytes(2).readUInt16LE(0)) % 500);
  const data = Buffer.alloc(frames * 4);
  for (let i = 0; i < frames; i++) {
    const t = i / sampleRate;
    data.writeInt16LE(Math.round(8000 * Math.sin(2 * Math.PI * freq * t)), i * 4);
    data.writeInt16LE(Math.round(500 * Math.sin(2 * Math.PI * (freq / 2) * t)), i * 4 + 2);
  }
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVE', 8);
  header.write('fmt ', 12);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(2, 22);
  header.writeUInt32LE(sampleRate, 24);
  header.writeUInt32LE(sampleRate * 4, 28);
  header.writeUInt16LE(4, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36);
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}

/** A multipart/form-data body (fields in the given order) for `app.inject`. */
export function multipartBody(parts: ({ name: string; value: string } | { name: string; filename: string; content: Buffer; type?: string })[]): {
  payload: Buffer;
  headers: Record<string, string>;
} {
  const boundary = `----callqa${randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const p of parts) {
    if ('filename' in p) {
      chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"; filename="${p.filename}"\r\nContent-Type: ${p.type ?? 'application/octet-stream'}\r\n\r\n`));
      chunks.push(p.content, Buffer.from('\r\n'));
    } else {
      chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"\r\n\r\n${p.value}\r\n`));
    }
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/**
 * A stereo 16 kHz call spoken by the recorded syllable voice of `../shared/tts` (ekho-v2022; the
 * customer pitch-shifted down). Whisper understands it far better than espeak-ng, so tests that
 * need the recogniser to hear the words use it. The bank is read at test time and never
 * committed; the test fails clearly when `../shared/tts` is missing.
 */
export async function bankCallWav(turns: CallTurn[]): Promise<Buffer> {
  const ffmpegPath = (require('@ffmpeg-installer/ffmpeg') as { path: string }).path;
  const bank = await loadSyllableBank('ekho-v2022');
  const call = await renderCall(turns, {
    voices: { agent: bankVoice(bank, { ffmpegPath }), customer: bankVoice(bank, { ffmpegPath, pitchCents: -450 }) },
    ffmpegPath,
    format: 'wav16k',
  });
  return call.wav;
}
