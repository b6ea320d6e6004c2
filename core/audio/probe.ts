import { CallqaError, ErrorCodes } from '../domain/errors.js';
import { lastMeaningfulLine, runProcess } from './run-process.js';

/** A recording to decode: a file on disk, or bytes in memory (an upload) with a name for messages. */
export type AudioInput = { path: string } | { buffer: Buffer; name: string };

/** What ffprobe says of an input's first audio stream. */
export interface AudioProbe {
  /** Demuxer name(s), e.g. `wav`, `mov,mp4,m4a,3gp,3g2,mj2`, `ogg`, `amr`. */
  container: string;
  /** Codec name, e.g. `pcm_s16le`, `pcm_mulaw`, `mp3`, `opus`, `aac`, `amr_nb`. */
  codec: string;
  sampleRate: number;
  channels: number;
  /** Declared duration; undefined when the container does not say (e.g. some piped streams). */
  durationMs: number | undefined;
}

export interface ProbeOptions {
  ffprobePath: string;
  signal?: AbortSignal;
  /** Name used in error messages. @defaultValue the path, or the buffer's name */
  name?: string;
}

interface FfprobeStream {
  codec_type?: string;
  codec_name?: string;
  sample_rate?: string;
  channels?: number;
  duration?: string;
}
interface FfprobeOutput {
  streams?: FfprobeStream[];
  format?: { format_name?: string; duration?: string };
}

/** The name errors use for an input. */
export function inputName(input: AudioInput): string {
  return 'path' in input ? input.path : input.name;
}

/** ffmpeg's name for the input: the path, or stdin when the bytes are piped. */
export function ffmpegInputArg(input: AudioInput): string {
  // `file:` keeps paths that contain ':' (or start with '-') from being read as a protocol/option.
  return 'path' in input ? `file:${input.path}` : 'pipe:0';
}

/**
 * Probes an input with ffprobe (JSON output) and returns its first audio stream. Rejects with
 * `CALLQA_AUDIO_UNDECODABLE` when the input is not a media file ffmpeg understands or has no
 * audio stream, with ffprobe's reason in the message.
 */
export async function probeAudio(input: AudioInput, opts: ProbeOptions): Promise<AudioProbe> {
  const name = opts.name ?? inputName(input);
  const chunks: Buffer[] = [];
  const args = ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', '-i', ffmpegInputArg(input)];
  const result = await runProcess(opts.ffprobePath, args, {
    ...('buffer' in input ? { stdin: input.buffer } : {}),
    onStdout: (chunk) => chunks.push(chunk),
    ...(opts.signal ? { signal: opts.signal } : {}),
  });
  const reason = lastMeaningfulLine(result.stderr, replacements(input, name));
  if (result.exitCode !== 0) {
    throw new CallqaError(ErrorCodes.AUDIO_UNDECODABLE, `${name}: not a readable audio file (${reason ?? `ffprobe exited with ${result.exitCode ?? result.exitSignal}`})`, { input: name });
  }
  let parsed: FfprobeOutput;
  try {
    parsed = JSON.parse(Buffer.concat(chunks).toString('utf8')) as FfprobeOutput;
  } catch (cause) {
    throw new CallqaError(ErrorCodes.AUDIO_UNDECODABLE, `${name}: ffprobe returned unreadable output`, { input: name, cause });
  }
  const streams = parsed.streams ?? [];
  const audio = streams.find((s) => s.codec_type === 'audio');
  if (!audio) {
    const found = streams.map((s) => `${s.codec_type ?? '?'} ${s.codec_name ?? '?'}`).join(', ');
    throw new CallqaError(ErrorCodes.AUDIO_UNDECODABLE, `${name}: no audio stream (${found ? `found ${found}` : 'no streams at all'}${parsed.format?.format_name ? `, container ${parsed.format.format_name}` : ''})`, { input: name });
  }
  const sampleRate = Number(audio.sample_rate);
  const channels = audio.channels ?? 0;
  if (!Number.isFinite(sampleRate) || sampleRate <= 0 || channels <= 0) {
    throw new CallqaError(ErrorCodes.AUDIO_UNDECODABLE, `${name}: audio stream ${audio.codec_name ?? '?'} without a valid sample rate or channel count${reason ? ` (${reason})` : ''}`, { input: name });
  }
  return {
    container: parsed.format?.format_name ?? 'unknown',
    codec: audio.codec_name ?? 'unknown',
    sampleRate,
    channels,
    durationMs: secondsToMs(audio.duration) ?? secondsToMs(parsed.format?.duration),
  };
}

function secondsToMs(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const s = Number(value);
  return Number.isFinite(s) && s >= 0 ? Math.round(s * 1000) : undefined;
}

/** Replacements that make ffmpeg's messages name the input the caller knows. */
export function replacements(input: AudioInput, name: string = inputName(input)): { from: string; to: string }[] {
  return 'path' in input
    ? [
        { from: `file:${input.path}`, to: name },
        { from: input.path, to: name },
      ]
    : [{ from: 'pipe:0', to: name }];
}
