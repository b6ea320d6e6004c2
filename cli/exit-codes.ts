import { isCallqaError } from '../core/domain/errors.js';

export const EXIT = { ok: 0, internal: 1, badInput: 2 } as const;

/** Prints one clear line for an error and returns the exit code it deserves. */
export function reportFatal(err: unknown): number {
  if (isCallqaError(err)) {
    process.stderr.write(`callqa: ${err.message}\n`);
    return err.isInputError || err.code === 'CALLQA_CONFIG_INVALID' ? EXIT.badInput : EXIT.internal;
  }
  const message = err instanceof Error ? (err.stack ?? err.message) : String(err);
  process.stderr.write(`callqa: internal error: ${message}\n`);
  return EXIT.internal;
}
