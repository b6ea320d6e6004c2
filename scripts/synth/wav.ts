/** Minimal WAV (RIFF) reading and writing for synthesis; PCM 16-bit only. */

export interface PcmWav {
  sampleRate: number;
  /** One array per channel, float in [-1, 1]. */
  channels: Float32Array[];
}

/**
 * Parses a PCM16 WAV. Tolerates the streaming headers espeak-ng writes to stdout (RIFF and data
 * sizes of 0x7ffff000): the data chunk is clamped to the bytes present.
 */
export function readWav(buf: Buffer): PcmWav {
  if (buf.length < 12 || buf.toString('latin1', 0, 4) !== 'RIFF' || buf.toString('latin1', 8, 12) !== 'WAVE') throw new Error('not a RIFF/WAVE file');
  let pos = 12;
  let fmt: { format: number; channels: number; sampleRate: number; bits: number } | undefined;
  while (pos + 8 <= buf.length) {
    const id = buf.toString('latin1', pos, pos + 4);
    const size = buf.readUInt32LE(pos + 4);
    const body = pos + 8;
    if (id === 'fmt ') {
      fmt = { format: buf.readUInt16LE(body), channels: buf.readUInt16LE(body + 2), sampleRate: buf.readUInt32LE(body + 4), bits: buf.readUInt16LE(body + 14) };
    } else if (id === 'data') {
      if (!fmt) throw new Error('WAV data before fmt chunk');
      if (fmt.format !== 1 || fmt.bits !== 16) throw new Error(`unsupported WAV encoding (format ${fmt.format}, ${fmt.bits} bit)`);
      const end = Math.min(buf.length, body + size);
      const frames = Math.floor((end - body) / (2 * fmt.channels));
      const channels = Array.from({ length: fmt.channels }, () => new Float32Array(frames));
      for (let f = 0; f < frames; f++) {
        for (let c = 0; c < fmt.channels; c++) (channels[c] as Float32Array)[f] = buf.readInt16LE(body + 2 * (f * fmt.channels + c)) / 32768;
      }
      return { sampleRate: fmt.sampleRate, channels };
    }
    pos = body + size + (size % 2);
  }
  throw new Error('WAV without data chunk');
}

/** Encodes channels (same length) as a PCM16 WAV, with dither-free rounding and clipping. */
export function writeWav(wav: PcmWav): Buffer {
  const n = wav.channels.length;
  const frames = wav.channels[0]?.length ?? 0;
  const dataBytes = frames * n * 2;
  const out = Buffer.alloc(44 + dataBytes);
  out.write('RIFF', 0, 'latin1');
  out.writeUInt32LE(36 + dataBytes, 4);
  out.write('WAVEfmt ', 8, 'latin1');
  out.writeUInt32LE(16, 16);
  out.writeUInt16LE(1, 20);
  out.writeUInt16LE(n, 22);
  out.writeUInt32LE(wav.sampleRate, 24);
  out.writeUInt32LE(wav.sampleRate * n * 2, 28);
  out.writeUInt16LE(n * 2, 32);
  out.writeUInt16LE(16, 34);
  out.write('data', 36, 'latin1');
  out.writeUInt32LE(dataBytes, 40);
  for (let f = 0; f < frames; f++) {
    for (let c = 0; c < n; c++) {
      const v = Math.max(-1, Math.min(1, (wav.channels[c] as Float32Array)[f] as number));
      out.writeInt16LE(Math.round(v * 32767), 44 + 2 * (f * n + c));
    }
  }
  return out;
}
