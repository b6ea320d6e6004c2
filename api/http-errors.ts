/**
 * HTTP-side errors and the one mapping from any thrown value to a status and a stable body
 * `{ error: { code, message, details? } }`. Domain codes come from core (`ErrorCodes`); the codes
 * below exist only at the HTTP edge (authentication, validation of the request shape, ranges).
 */
import { isCallqaError, ErrorCodes, type ErrorCode } from '../core/domain/errors.js';

export const HttpErrorCodes = {
  UNAUTHORIZED: 'CALLQA_UNAUTHORIZED',
  FORBIDDEN: 'CALLQA_FORBIDDEN',
  VALIDATION: 'CALLQA_VALIDATION',
  UNSUPPORTED_MEDIA_TYPE: 'CALLQA_UNSUPPORTED_MEDIA_TYPE',
  RANGE_NOT_SATISFIABLE: 'CALLQA_RANGE_NOT_SATISFIABLE',
  BAD_REQUEST: 'CALLQA_BAD_REQUEST',
} as const;
export type HttpErrorCode = (typeof HttpErrorCodes)[keyof typeof HttpErrorCodes];

export interface FieldError {
  field: string;
  message: string;
}

export interface ErrorBody {
  error: { code: string; message: string; details?: FieldError[]; requestId?: string };
}

/** An error raised by the HTTP layer itself (never by core). */
export class HttpError extends Error {
  readonly statusCode: number;
  readonly code: HttpErrorCode | ErrorCode;
  readonly details: FieldError[] | undefined;
  readonly headers: Record<string, string> | undefined;

  constructor(statusCode: number, code: HttpErrorCode | ErrorCode, message: string, opts: { details?: FieldError[]; headers?: Record<string, string> } = {}) {
    super(message);
    this.name = 'HttpError';
    this.statusCode = statusCode;
    this.code = code;
    this.details = opts.details;
    this.headers = opts.headers;
  }
}

export const unauthorized = (message = 'missing or invalid API key'): HttpError =>
  new HttpError(401, HttpErrorCodes.UNAUTHORIZED, message, { headers: { 'www-authenticate': 'Bearer realm="callqa"' } });
export const forbidden = (message: string): HttpError => new HttpError(403, HttpErrorCodes.FORBIDDEN, message);
export const notFound = (what: string): HttpError => new HttpError(404, ErrorCodes.NOT_FOUND, `${what} not found`);

/** Status for each domain code. Input codes are 4xx; the rest are ours (5xx, message hidden). */
const DOMAIN_STATUS: Record<ErrorCode, number> = {
  [ErrorCodes.INPUT_UNREADABLE]: 400,
  [ErrorCodes.META_INVALID]: 400,
  [ErrorCodes.TRANSCRIPT_INVALID]: 422,
  [ErrorCodes.POLICY_UNKNOWN]: 422,
  [ErrorCodes.AUDIO_EMPTY]: 422,
  [ErrorCodes.AUDIO_UNDECODABLE]: 415,
  [ErrorCodes.AUDIO_TOO_LONG]: 422,
  [ErrorCodes.UPLOAD_TOO_LARGE]: 413,
  [ErrorCodes.AUDIO_CHANNELS_MISMATCH]: 422,
  [ErrorCodes.NOT_FOUND]: 404,
  [ErrorCodes.UNAVAILABLE]: 503,
  [ErrorCodes.LEXICON_INVALID]: 500,
  [ErrorCodes.MODEL_INTEGRITY]: 500,
  [ErrorCodes.FFMPEG_MISSING]: 500,
  [ErrorCodes.CONFIG_INVALID]: 500,
  [ErrorCodes.INTERNAL]: 500,
};

/** Fastify / plugin error codes that describe the request, with the status and code we answer. */
const FRAMEWORK_CODES: Record<string, { status: number; code: HttpErrorCode | ErrorCode }> = {
  FST_REQ_FILE_TOO_LARGE: { status: 413, code: ErrorCodes.UPLOAD_TOO_LARGE },
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: ErrorCodes.UPLOAD_TOO_LARGE },
  FST_PARTS_LIMIT: { status: 413, code: ErrorCodes.UPLOAD_TOO_LARGE },
  FST_FILES_LIMIT: { status: 413, code: ErrorCodes.UPLOAD_TOO_LARGE },
  FST_FIELDS_LIMIT: { status: 413, code: ErrorCodes.UPLOAD_TOO_LARGE },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, code: HttpErrorCodes.UNSUPPORTED_MEDIA_TYPE },
  FST_INVALID_MULTIPART_CONTENT_TYPE: { status: 415, code: HttpErrorCodes.UNSUPPORTED_MEDIA_TYPE },
};

export interface MappedError {
  statusCode: number;
  body: ErrorBody;
  headers: Record<string, string>;
  /** True when the failure is ours (5xx): log at error with the stack, hide the message. */
  internal: boolean;
}

interface ValidationItem {
  instancePath?: string;
  message?: string;
  params?: Record<string, unknown>;
}

function validationDetails(items: ValidationItem[], context: string | undefined): FieldError[] {
  return items.map((item) => {
    const missing = item.params?.missingProperty;
    const path = [context, item.instancePath?.replace(/^\//, '').replaceAll('/', '.'), typeof missing === 'string' ? missing : undefined]
      .filter((p) => p !== undefined && p !== '')
      .join('.');
    return { field: path || (context ?? 'request'), message: item.message ?? 'invalid' };
  });
}

function hasCode(err: unknown): err is { code: string; statusCode?: number; message: string } {
  return typeof err === 'object' && err !== null && typeof (err as { code?: unknown }).code === 'string';
}

/** Finds a framework "request too large" error anywhere in a cause chain (core may wrap it). */
function frameworkCause(err: unknown): { status: number; code: HttpErrorCode | ErrorCode } | undefined {
  for (let e: unknown = err, depth = 0; e !== undefined && e !== null && depth < 5; depth++) {
    if (hasCode(e) && FRAMEWORK_CODES[e.code]) return FRAMEWORK_CODES[e.code];
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Maps any thrown value to an HTTP answer. Pure: the error handler plugin only logs and sends. */
export function mapError(err: unknown): MappedError {
  const headers: Record<string, string> = {};
  const answer = (statusCode: number, code: string, message: string, details?: FieldError[]): MappedError => {
    const internal = statusCode >= 500;
    const body: ErrorBody = { error: { code, message } };
    if (details && details.length > 0) body.error.details = details;
    return { statusCode, body, headers, internal };
  };

  if (err instanceof HttpError) {
    Object.assign(headers, err.headers);
    return answer(err.statusCode, err.code, err.message, err.details);
  }
  if (isCallqaError(err)) {
    // Core may wrap a stream error of the multipart parser (upload too large) in its own error.
    if (frameworkCause(err)?.status === 413) return answer(413, ErrorCodes.UPLOAD_TOO_LARGE, 'upload exceeds the size limit');
    const status = DOMAIN_STATUS[err.code] ?? 500;
    if (err.code === ErrorCodes.UNAVAILABLE) {
      headers['retry-after'] = '5';
      return answer(503, err.code, 'a dependency (database or queue) is unavailable; retry later');
    }
    if (status >= 500) return answer(500, ErrorCodes.INTERNAL, 'internal error');
    const details = err.input ? [{ field: err.input, message: err.message }] : undefined;
    return answer(status, err.code, err.message, details);
  }
  const validation = (err as { validation?: ValidationItem[]; validationContext?: string } | null)?.validation;
  if (Array.isArray(validation)) {
    const context = (err as { validationContext?: string }).validationContext;
    return answer(400, HttpErrorCodes.VALIDATION, 'request validation failed', validationDetails(validation, context));
  }
  const framework = frameworkCause(err);
  if (framework) {
    const message = framework.status === 413 ? 'upload exceeds the size limit' : 'unsupported content type';
    return answer(framework.status, framework.code, message);
  }
  // Other framework errors that describe the request (bad JSON, bad multipart framing): keep the 4xx.
  if (hasCode(err) && err.code.startsWith('FST_') && typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 500) {
    return answer(err.statusCode, HttpErrorCodes.BAD_REQUEST, err.message);
  }
  return answer(500, ErrorCodes.INTERNAL, 'internal error');
}
