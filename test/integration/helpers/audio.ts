/** Small synthetic recordings for tests that do not need speech (fake transcriber). */

/**
 * A 16-bit PCM WAV: `channels` channels of a sine at `freqHz` (each channel a different phase),
 * `seconds` long at `sampleRate`. Different frequencies give different content hashes.
 */
export function makeWav(opts: { seconds?: number; freqHz?: number; channels?: number; sampleRate?: number } = {}): Buffer {
  const seconds = opts.seconds ?? 1;
  const freq = opts.freqHz ?? 440;
  const channels = opts.channels ?? 2;
  const rate = opts.sampleRate ?? 8000;
  const frames = Math.round(seconds * rate);
  const data = Buffer.alloc(frames * channels * 2);
  for (let i = 0; i < frames; i++) {
    for (let c = 0; c < channels; c++) {
      const v = Math.round(8000 * Math.sin((2 * Math.PI * freq * i) / rate + c));
      data.writeInt16LE(v, (i * channels + c) * 2);
    }
  }
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVE', 8);
  header.write('fmt ', 12);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(channels, 22);
  header.writeUInt32LE(rate, 24);
  header.writeUInt32LE(rate * channels * 2, 28);
  header.writeUInt16LE(channels * 2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36);
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}
