/** Audio decoded once, per channel, to 16 kHz mono float32 in [-1, 1]. */
export const SAMPLE_RATE = 16_000;

export interface DecodedAudio {
  /** The input's name (file path or upload name), for error messages. */
  source: string;
  sampleRate: typeof SAMPLE_RATE;
  /** One Float32Array per source channel, all the same length. */
  channels: Float32Array[];
  durationMs: number;
  /** What ffprobe said of the input. */
  format: { container: string; codec: string; sampleRate: number; channels: number };
}
