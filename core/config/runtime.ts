import { createRequire } from 'node:module';
import { CallqaError, ErrorCodes } from '../domain/errors.js';

export const WHISPER_MODELS = ['tiny', 'base', 'small'] as const;
export type WhisperModelName = (typeof WHISPER_MODELS)[number];

/** What the in-process pipeline needs to run (CLI `scan`, workers). */
export interface RuntimeConfig {
  ffmpegPath: string;
  ffprobePath: string;
  whisperModel: WhisperModelName;
  /** Recordings longer than this are rejected (CALLQA_AUDIO_TOO_LONG). @defaultValue 4 h */
  maxAudioMs: number;
  /** onnxruntime intra-op threads for Whisper. @defaultValue number of CPUs */
  asrThreads: number | undefined;
  /**
   * Text Whisper reads as the words before each window (its `initial_prompt`): it biases spelling
   * towards its words and its script. '' for none, the default: a call-centre vocabulary prompt
   * cost whisper-base precision on the detection benchmark (README, Model choice).
   */
  asrPrompt: string;
}

const require = createRequire(import.meta.url);

function packagedBinary(pkg: string): string {
  try {
    return (require(pkg) as { path: string }).path;
  } catch (cause) {
    throw new CallqaError(ErrorCodes.FFMPEG_MISSING, `cannot find ${pkg}; install dependencies or set FFMPEG_PATH/FFPROBE_PATH`, { cause });
  }
}

export function parseWhisperModel(value: string, input = 'model'): WhisperModelName {
  if ((WHISPER_MODELS as readonly string[]).includes(value)) return value as WhisperModelName;
  throw new CallqaError(ErrorCodes.CONFIG_INVALID, `${input}: unknown Whisper model "${value}" (expected ${WHISPER_MODELS.join(', ')})`, { input });
}

/**
 * Reads the runtime settings from an environment object (never `process.env` directly below
 * this folder). `FFMPEG_PATH` / `FFPROBE_PATH` override the binaries shipped in npm packages.
 */
export function loadRuntimeConfig(env: Record<string, string | undefined>, overrides: Partial<RuntimeConfig> = {}): RuntimeConfig {
  const maxAudioMin = Number(env.CALLQA_MAX_AUDIO_MINUTES ?? 240);
  if (!Number.isFinite(maxAudioMin) || maxAudioMin <= 0) {
    throw new CallqaError(ErrorCodes.CONFIG_INVALID, `CALLQA_MAX_AUDIO_MINUTES: expected a positive number, got "${env.CALLQA_MAX_AUDIO_MINUTES}"`);
  }
  const threads = env.CALLQA_ASR_THREADS === undefined ? undefined : Number(env.CALLQA_ASR_THREADS);
  if (threads !== undefined && (!Number.isInteger(threads) || threads < 1)) {
    throw new CallqaError(ErrorCodes.CONFIG_INVALID, `CALLQA_ASR_THREADS: expected a positive integer, got "${env.CALLQA_ASR_THREADS}"`);
  }
  return {
    ffmpegPath: overrides.ffmpegPath ?? env.FFMPEG_PATH ?? packagedBinary('@ffmpeg-installer/ffmpeg'),
    ffprobePath: overrides.ffprobePath ?? env.FFPROBE_PATH ?? packagedBinary('@ffprobe-installer/ffprobe'),
    whisperModel: overrides.whisperModel ?? parseWhisperModel(env.CALLQA_MODEL ?? 'base', 'CALLQA_MODEL'),
    maxAudioMs: overrides.maxAudioMs ?? Math.round(maxAudioMin * 60_000),
    asrThreads: overrides.asrThreads ?? threads,
    asrPrompt: (overrides.asrPrompt ?? env.CALLQA_ASR_PROMPT ?? '').trim(),
  };
}
