import { describe, expect, it } from 'vitest';
import { channelLayout } from '../../../core/audio/channel-layout.js';
import { CallqaError, ErrorCodes } from '../../../core/domain/errors.js';

function noise(length: number, seed: number): Float32Array {
  let x = seed;
  return new Float32Array(length).map(() => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x / 2147483648 - 0.5;
  });
}

const source = 'call-0001.wav';
const mono = { source, channels: [noise(1600, 1)] };
const stereo = { source, channels: [noise(1600, 1), noise(1600, 2)] };

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(CallqaError);
    expect((err as CallqaError).message).toContain(source);
    return (err as CallqaError).code;
  }
  return undefined;
}

describe('channelLayout', () => {
  it('stereo without metadata: agent on 0, customer on 1', () => {
    expect(channelLayout(undefined, stereo)).toEqual([
      { channel: 0, speaker: 'agent' },
      { channel: 1, speaker: 'customer' },
    ]);
  });

  it('follows the metadata map, including swapped channels', () => {
    expect(channelLayout({ agent: 1, customer: 0 }, stereo)).toEqual([
      { channel: 1, speaker: 'agent' },
      { channel: 0, speaker: 'customer' },
    ]);
  });

  it('a 1-channel file or "mono" metadata gives one unknown channel', () => {
    expect(channelLayout(undefined, mono)).toEqual([{ channel: 0, speaker: 'unknown' }]);
    expect(channelLayout('mono', mono)).toEqual([{ channel: 0, speaker: 'unknown' }]);
    expect(channelLayout('mono', stereo)).toEqual([{ channel: 0, speaker: 'unknown' }]);
  });

  it('a mono call saved as stereo (same signal on both channels) is treated as mono', () => {
    const same = noise(1600, 7);
    expect(channelLayout(undefined, { source, channels: [same, same.slice()] })).toEqual([{ channel: 0, speaker: 'unknown' }]);
    // Two silent channels are not evidence of dual mono.
    expect(channelLayout(undefined, { source, channels: [new Float32Array(10), new Float32Array(10)] })).toHaveLength(2);
  });

  it('metadata naming a channel the file lacks → AUDIO_CHANNELS_MISMATCH', () => {
    expect(codeOf(() => channelLayout({ agent: 0, customer: 1 }, mono))).toBe(ErrorCodes.AUDIO_CHANNELS_MISMATCH);
    expect(codeOf(() => channelLayout({ agent: 2, customer: 1 }, stereo))).toBe(ErrorCodes.AUDIO_CHANNELS_MISMATCH);
  });

  it('metadata putting both speakers on one channel, or a bad index → META_INVALID', () => {
    expect(codeOf(() => channelLayout({ agent: 0, customer: 0 }, stereo))).toBe(ErrorCodes.META_INVALID);
    expect(codeOf(() => channelLayout({ agent: -1, customer: 0 }, stereo))).toBe(ErrorCodes.META_INVALID);
    expect(codeOf(() => channelLayout({ agent: 0.5, customer: 1 }, stereo))).toBe(ErrorCodes.META_INVALID);
  });
});
