import type { DecodedAudio } from '../domain/audio.js';
import type { CallMeta } from '../domain/call-meta.js';
import { CallqaError, ErrorCodes } from '../domain/errors.js';
import type { Speaker } from '../domain/transcript.js';

/** One decoded channel to transcribe, and whose voice it carries. */
export interface ChannelAssignment {
  /** Index into `DecodedAudio.channels`. */
  channel: number;
  speaker: Speaker;
}

/** The contract's default for stereo call recordings. */
export const DEFAULT_CHANNEL_MAP = { agent: 0, customer: 1 } as const;

/**
 * Maps decoded channels to speakers, following the metadata's `channels` (contract section 2):
 *
 * - a `{ agent, customer }` map: those two channels, agent first; a channel index the recording
 *   lacks is `CALLQA_AUDIO_CHANNELS_MISMATCH`; the same index for both is `CALLQA_META_INVALID`;
 * - `'mono'`: channel 0 alone, speaker `unknown` (a mono call saved as stereo has the same signal
 *   on both channels; transcribing both would double everything);
 * - nothing: a 1-channel file gives one `unknown` channel; 2 or more channels give the default
 *   `{ agent: 0, customer: 1 }`, unless channels 0 and 1 carry the same signal (dual mono), which
 *   is treated as mono.
 */
export function channelLayout(channels: CallMeta['channels'], decoded: Pick<DecodedAudio, 'source' | 'channels'>): ChannelAssignment[] {
  const count = decoded.channels.length;
  const name = decoded.source;
  if (count === 0) throw new CallqaError(ErrorCodes.AUDIO_EMPTY, `${name}: no audio channels`, { input: name });
  if (channels === 'mono') return [{ channel: 0, speaker: 'unknown' }];
  if (channels === undefined) {
    if (count === 1 || isDualMono(decoded.channels[0], decoded.channels[1])) return [{ channel: 0, speaker: 'unknown' }];
    return [
      { channel: DEFAULT_CHANNEL_MAP.agent, speaker: 'agent' },
      { channel: DEFAULT_CHANNEL_MAP.customer, speaker: 'customer' },
    ];
  }
  for (const role of ['agent', 'customer'] as const) {
    const index = channels[role];
    if (!Number.isInteger(index) || index < 0) {
      throw new CallqaError(ErrorCodes.META_INVALID, `${name}: metadata channels.${role} must be a channel index (0, 1, …), got ${String(index)}`, { input: name });
    }
    if (index >= count) {
      throw new CallqaError(
        ErrorCodes.AUDIO_CHANNELS_MISMATCH,
        `${name}: metadata puts the ${role} on channel ${index}, but the recording has ${count} channel${count === 1 ? '' : 's'}${count === 1 ? ' (use "channels": "mono")' : ''}`,
        { input: name },
      );
    }
  }
  if (channels.agent === channels.customer) {
    throw new CallqaError(ErrorCodes.META_INVALID, `${name}: metadata puts agent and customer on the same channel ${channels.agent} (use "channels": "mono" for single-channel recordings)`, { input: name });
  }
  return [
    { channel: channels.agent, speaker: 'agent' },
    { channel: channels.customer, speaker: 'customer' },
  ];
}

/** True when two channels carry the same signal (within 1e-4), e.g. a mono call saved as stereo. */
export function isDualMono(a: Float32Array | undefined, b: Float32Array | undefined): boolean {
  if (!a || !b || a.length !== b.length) return false;
  let energy = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as number;
    if (Math.abs(x - (b[i] as number)) > 1e-4) return false;
    energy += x * x;
  }
  // Two silent channels say nothing about the layout: keep the default map.
  return energy > 0;
}
