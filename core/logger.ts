import { pino, type Logger } from 'pino';
import type { LogLevel } from './config/env.js';

export type { Logger };

/**
 * Paths pino removes from every log line: transcript text, evidence, phone numbers, metadata
 * free text and secrets. Transcript content is never logged (architecture §4.5, house rule 10).
 */
export const REDACT_PATHS = [
  'text',
  'textRaw',
  'evidence',
  'transcript',
  'segments',
  '*.text',
  '*.textRaw',
  '*.evidence',
  '*.transcript',
  '*.segments',
  'findings[*].evidence',
  'match.variant',
  '*.match.variant',
  'phone',
  '*.phone',
  'meta.phone',
  'payload.evidence',
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'headers.authorization',
  'headers["x-api-key"]',
  'apiKey',
  'key',
  'secret',
  '*.secret',
];

export interface LoggerOptions {
  level?: LogLevel;
  /** Fixed bindings on every line, e.g. `{ service: 'worker' }`. */
  base?: Record<string, string | number>;
  /** Where to write (default stdout; tests pass a stream to inspect lines). */
  destination?: NodeJS.WritableStream;
}

/** The one pino instance of a process (Fastify is given the same instance). */
export function createLogger(opts: LoggerOptions = {}): Logger {
  return pino(
    {
      level: opts.level ?? 'info',
      base: { pid: process.pid, ...opts.base },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    opts.destination ?? pino.destination(1),
  );
}
