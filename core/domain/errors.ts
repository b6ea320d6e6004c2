/**
 * Domain errors. Every error callqa throws on purpose carries a stable `code`, whether a retry
 * can help (`retryable`), and optionally the input it concerns. Entry points map codes to exit
 * codes (CLI) or HTTP statuses (API); services never throw transport errors.
 */
export const ErrorCodes = {
  /** The input file does not exist or cannot be read. */
  INPUT_UNREADABLE: 'CALLQA_INPUT_UNREADABLE',
  /** The input is empty (0 bytes or no audio samples). */
  AUDIO_EMPTY: 'CALLQA_AUDIO_EMPTY',
  /** ffmpeg cannot decode the input: not audio, truncated, or an unsupported codec. */
  AUDIO_UNDECODABLE: 'CALLQA_AUDIO_UNDECODABLE',
  /** The recording is longer than the configured maximum. */
  AUDIO_TOO_LONG: 'CALLQA_AUDIO_TOO_LONG',
  /** An upload is larger than the configured maximum (CALLQA_MAX_UPLOAD_MB). */
  UPLOAD_TOO_LARGE: 'CALLQA_UPLOAD_TOO_LARGE',
  /** The metadata says a channel layout the recording does not have. */
  AUDIO_CHANNELS_MISMATCH: 'CALLQA_AUDIO_CHANNELS_MISMATCH',
  /** Call metadata failed validation. */
  META_INVALID: 'CALLQA_META_INVALID',
  /** A transcript file failed validation. */
  TRANSCRIPT_INVALID: 'CALLQA_TRANSCRIPT_INVALID',
  /** A lexicon or policy file failed its schema or its examples. */
  LEXICON_INVALID: 'CALLQA_LEXICON_INVALID',
  /** An unknown policy profile was named. */
  POLICY_UNKNOWN: 'CALLQA_POLICY_UNKNOWN',
  /** Model files are missing or their sha256 does not match the manifest. */
  MODEL_INTEGRITY: 'CALLQA_MODEL_INTEGRITY',
  /** The ffmpeg binary cannot be found or started. */
  FFMPEG_MISSING: 'CALLQA_FFMPEG_MISSING',
  /** Configuration (environment) is invalid. */
  CONFIG_INVALID: 'CALLQA_CONFIG_INVALID',
  /** A requested entity does not exist. */
  NOT_FOUND: 'CALLQA_NOT_FOUND',
  /** A dependency (database, queue) is unavailable; retrying later may help. */
  UNAVAILABLE: 'CALLQA_UNAVAILABLE',
  /** Anything else: a bug. */
  INTERNAL: 'CALLQA_INTERNAL',
} as const;

export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];

/** Codes that describe bad input: never retried, CLI exit code 2, HTTP 4xx. */
const INPUT_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  ErrorCodes.INPUT_UNREADABLE,
  ErrorCodes.AUDIO_EMPTY,
  ErrorCodes.AUDIO_UNDECODABLE,
  ErrorCodes.AUDIO_TOO_LONG,
  ErrorCodes.UPLOAD_TOO_LARGE,
  ErrorCodes.AUDIO_CHANNELS_MISMATCH,
  ErrorCodes.META_INVALID,
  ErrorCodes.TRANSCRIPT_INVALID,
  ErrorCodes.POLICY_UNKNOWN,
]);

export class CallqaError extends Error {
  readonly code: ErrorCode;
  readonly retryable: boolean;
  /** The file, field or id the error is about, when there is one. */
  readonly input: string | undefined;

  constructor(code: ErrorCode, message: string, opts: { input?: string; retryable?: boolean; cause?: unknown } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'CallqaError';
    this.code = code;
    this.input = opts.input;
    this.retryable = opts.retryable ?? code === ErrorCodes.UNAVAILABLE;
  }

  /** True when the error is the caller's input, not callqa's fault. */
  get isInputError(): boolean {
    return INPUT_CODES.has(this.code);
  }
}

export function isCallqaError(err: unknown): err is CallqaError {
  return err instanceof CallqaError;
}
