import { mkdtemp, rm, stat, writeFile, access, constants } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SAMPLE_RATE, type DecodedAudio } from '../domain/audio.js';
import { CallqaError, ErrorCodes } from '../domain/errors.js';
import { FrameLimitExceeded, PcmCollector } from './pcm-collector.js';
import { ffmpegInputArg, inputName, probeAudio, replacements, type AudioInput, type AudioProbe } from './probe.js';
import { lastMeaningfulLine, runProcess } from './run-process.js';

export interface DecodeOptions {
  ffmpegPath: string;
  ffprobePath: string;
  /** Longer recordings are rejected with `CALLQA_AUDIO_TOO_LONG`, before and while decoding. */
  maxAudioMs: number;
  /** Aborting kills ffprobe/ffmpeg and rejects with the signal's reason. */
  signal?: AbortSignal;
}

/** Tolerance over `maxAudioMs` for the resampler's tail, so a file exactly at the limit passes. */
const LIMIT_SLACK_FRAMES = SAMPLE_RATE / 10;
/** More channels than this is not a call recording (and would multiply memory). */
const MAX_CHANNELS = 8;

/**
 * Decodes a recording to 16 kHz float32 PCM, one array per source channel (never downmixed), with
 * the ffmpeg binary driven through `spawn` and its output streamed into typed arrays. ffprobe runs
 * first, to reject non-audio and over-long inputs before any decoding. Resampling uses ffmpeg's
 * soxr resampler at high precision (so 8 kHz telephone audio is interpolated properly, without
 * images above 4 kHz).
 *
 * Errors are {@link CallqaError}s naming the input: `INPUT_UNREADABLE` (missing or unreadable
 * file), `AUDIO_EMPTY` (0 bytes or no samples), `AUDIO_UNDECODABLE` (not audio, truncated beyond
 * use, unsupported codec: the message carries ffmpeg's reason), `AUDIO_TOO_LONG` (declared or
 * decoded duration above `maxAudioMs`), `FFMPEG_MISSING` (binary not found). The child processes
 * are killed and reaped on abort or error.
 *
 * @example
 * const audio = await decodeAudio({ path: 'call.wav' }, { ffmpegPath, ffprobePath, maxAudioMs: 4 * 3_600_000 });
 * const [agent, customer] = audio.channels;
 */
export async function decodeAudio(input: AudioInput, opts: DecodeOptions): Promise<DecodedAudio> {
  const name = inputName(input);
  if ('path' in input) await checkReadable(input.path);
  else if (input.buffer.length === 0) throw new CallqaError(ErrorCodes.AUDIO_EMPTY, `${name}: empty input (0 bytes)`, { input: name });

  // MP4/M4A/3GP keep their index (moov) wherever the writer put it, often at the end: ffmpeg
  // needs to seek, which a pipe cannot. Such uploads go through a temporary file.
  if ('buffer' in input && isIsoBmff(input.buffer)) {
    const dir = await mkdtemp(join(tmpdir(), 'callqa-decode-'));
    try {
      const path = join(dir, 'input.m4a');
      await writeFile(path, input.buffer);
      return await decodeKnownInput({ path }, name, opts);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
  return decodeKnownInput(input, name, opts);
}

async function decodeKnownInput(input: AudioInput, name: string, opts: DecodeOptions): Promise<DecodedAudio> {
  const probe = await probeAudio(input, { ffprobePath: opts.ffprobePath, name, ...(opts.signal ? { signal: opts.signal } : {}) });
  if (probe.durationMs !== undefined && probe.durationMs > opts.maxAudioMs) {
    throw tooLong(name, `declares ${formatMs(probe.durationMs)}`, opts.maxAudioMs);
  }
  if (probe.channels > MAX_CHANNELS) {
    throw new CallqaError(ErrorCodes.AUDIO_UNDECODABLE, `${name}: ${probe.channels} channels; at most ${MAX_CHANNELS} are supported`, { input: name });
  }

  const maxFrames = Math.ceil((opts.maxAudioMs * SAMPLE_RATE) / 1000) + LIMIT_SLACK_FRAMES;
  const expectedFrames = probe.durationMs === undefined ? SAMPLE_RATE * 60 : (probe.durationMs * SAMPLE_RATE) / 1000 + SAMPLE_RATE;
  const collector = new PcmCollector(probe.channels, maxFrames, expectedFrames);
  const args = [
    ...('path' in input ? ['-nostdin'] : []),
    '-hide_banner', '-v', 'error',
    '-i', ffmpegInputArg(input),
    '-map', '0:a:0', '-vn', '-sn', '-dn',
    '-af', `aresample=${SAMPLE_RATE}:resampler=soxr:precision=28`,
    '-ac', String(probe.channels), '-ar', String(SAMPLE_RATE),
    '-f', 'f32le', '-acodec', 'pcm_f32le', 'pipe:1',
  ];
  let result;
  try {
    result = await runProcess(opts.ffmpegPath, args, {
      ...('buffer' in input ? { stdin: input.buffer } : {}),
      onStdout: (chunk) => collector.push(chunk),
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
  } catch (err) {
    if (err instanceof FrameLimitExceeded) throw tooLong(name, 'decodes to more audio than declared', opts.maxAudioMs);
    throw err;
  }
  if (result.exitCode !== 0) {
    const reason = lastMeaningfulLine(result.stderr, replacements(input, name)) ?? `ffmpeg exited with ${result.exitCode ?? result.exitSignal}`;
    throw new CallqaError(ErrorCodes.AUDIO_UNDECODABLE, `${name}: cannot decode ${probe.codec} audio (${reason})`, { input: name });
  }
  if (collector.frameCount === 0) {
    throw new CallqaError(ErrorCodes.AUDIO_EMPTY, `${name}: no audio samples (${probe.container}/${probe.codec})`, { input: name });
  }
  if (collector.frameCount > maxFrames - LIMIT_SLACK_FRAMES) {
    throw tooLong(name, `decodes to ${formatMs((collector.frameCount * 1000) / SAMPLE_RATE)}`, opts.maxAudioMs);
  }
  return toDecoded(name, probe, collector);
}

function toDecoded(name: string, probe: AudioProbe, collector: PcmCollector): DecodedAudio {
  return {
    source: name,
    sampleRate: SAMPLE_RATE,
    channels: collector.channels(),
    durationMs: Math.round((collector.frameCount * 1000) / SAMPLE_RATE),
    format: { container: probe.container, codec: probe.codec, sampleRate: probe.sampleRate, channels: probe.channels },
  };
}

async function checkReadable(path: string): Promise<void> {
  let size: number;
  try {
    const st = await stat(path);
    if (!st.isFile()) throw new CallqaError(ErrorCodes.INPUT_UNREADABLE, `${path}: not a regular file`, { input: path });
    size = st.size;
    await access(path, constants.R_OK);
  } catch (err) {
    if (err instanceof CallqaError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : `cannot read (${code ?? String(err)})`;
    throw new CallqaError(ErrorCodes.INPUT_UNREADABLE, `${path}: ${reason}`, { input: path, cause: err });
  }
  if (size === 0) throw new CallqaError(ErrorCodes.AUDIO_EMPTY, `${path}: empty file (0 bytes)`, { input: path });
}

/** ISO base media file (MP4, M4A, 3GP): a `ftyp` box first. */
function isIsoBmff(buffer: Buffer): boolean {
  return buffer.length >= 12 && buffer.toString('latin1', 4, 8) === 'ftyp';
}

function tooLong(name: string, what: string, maxAudioMs: number): CallqaError {
  return new CallqaError(ErrorCodes.AUDIO_TOO_LONG, `${name}: recording too long: ${what}, the limit is ${formatMs(maxAudioMs)}`, { input: name });
}

function formatMs(ms: number): string {
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms < 3_600_000) return `${(ms / 60_000).toFixed(1)} min`;
  return `${(ms / 3_600_000).toFixed(2)} h`;
}
