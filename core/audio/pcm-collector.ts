/**
 * Collects interleaved float32 little-endian PCM, as ffmpeg streams it in chunks of any size,
 * into one growing Float32Array per channel. Memory is bounded: pushing past `maxFrames` frames
 * throws {@link FrameLimitExceeded} before anything is allocated for them.
 */
export class PcmCollector {
  readonly channelCount: number;
  readonly maxFrames: number;
  private buffers: Float32Array[];
  private frames = 0;
  /** Bytes of an incomplete frame left over from the previous chunk. */
  private carry: Buffer = Buffer.alloc(0);

  /**
   * @param channelCount - interleaved channels in the stream
   * @param maxFrames - frames (samples per channel) allowed in total
   * @param expectedFrames - initial capacity, e.g. from the probed duration; grows as needed
   */
  constructor(channelCount: number, maxFrames: number, expectedFrames = 16_000 * 60) {
    this.channelCount = channelCount;
    this.maxFrames = maxFrames;
    const initial = Math.max(1024, Math.min(maxFrames, Math.ceil(expectedFrames)));
    this.buffers = Array.from({ length: channelCount }, () => new Float32Array(initial));
  }

  get frameCount(): number {
    return this.frames;
  }

  push(chunk: Buffer): void {
    const data = this.carry.length > 0 ? Buffer.concat([this.carry, chunk]) : chunk;
    const frameBytes = 4 * this.channelCount;
    const newFrames = Math.floor(data.length / frameBytes);
    if (this.frames + newFrames > this.maxFrames) throw new FrameLimitExceeded(this.frames + newFrames);
    this.ensureCapacity(this.frames + newFrames);
    const n = this.channelCount;
    for (let f = 0; f < newFrames; f++) {
      const base = f * frameBytes;
      for (let c = 0; c < n; c++) {
        (this.buffers[c] as Float32Array)[this.frames + f] = data.readFloatLE(base + 4 * c);
      }
    }
    this.frames += newFrames;
    this.carry = Buffer.from(data.subarray(newFrames * frameBytes));
  }

  /** The channels, trimmed to the frames received (views, no copy). */
  channels(): Float32Array[] {
    return this.buffers.map((b) => b.subarray(0, this.frames));
  }

  private ensureCapacity(frames: number): void {
    const current = this.buffers[0]?.length ?? 0;
    if (frames <= current) return;
    const next = Math.min(this.maxFrames, Math.max(frames, Math.ceil(current * 1.5)));
    this.buffers = this.buffers.map((old) => {
      const grown = new Float32Array(next);
      grown.set(old.subarray(0, this.frames));
      return grown;
    });
  }
}

/** Thrown by {@link PcmCollector.push} when the stream holds more frames than allowed. */
export class FrameLimitExceeded extends Error {
  readonly frames: number;
  constructor(frames: number) {
    super(`more than the allowed number of frames (${frames})`);
    this.name = 'FrameLimitExceeded';
    this.frames = frames;
  }
}
