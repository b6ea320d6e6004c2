import { existsSync, readFileSync } from 'node:fs';
import { basename, extname, join, dirname } from 'node:path';
import type { CallMeta } from '../../core/domain/call-meta.js';
import { CallqaError, ErrorCodes } from '../../core/domain/errors.js';
import { parseCallMeta } from '../../core/rules/analyze.js';

/** Reads and parses a JSON file, with errors that name the file. */
export function readJsonFile(path: string, code: typeof ErrorCodes.META_INVALID | typeof ErrorCodes.TRANSCRIPT_INVALID): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new CallqaError(ErrorCodes.INPUT_UNREADABLE, `${path}: cannot read file (${(cause as NodeJS.ErrnoException).code ?? 'error'})`, { input: path, cause });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (cause) {
    throw new CallqaError(code, `${path}: invalid JSON (${(cause as Error).message})`, { input: path, cause });
  }
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Resolves the metadata of each input from `--meta FILE` (contract section 1: one object for a
 * single input, or an object keyed by the inputs' file names for several) and, when a file has
 * no entry there, from a sidecar `<name>.meta.json` beside it.
 */
export function resolveMetaForInputs(inputs: string[], metaFile: string | undefined): Map<string, CallMeta> {
  const out = new Map<string, CallMeta>();
  let keyed: Record<string, unknown> | undefined;
  let single: CallMeta | undefined;
  if (metaFile !== undefined) {
    const json = readJsonFile(metaFile, ErrorCodes.META_INVALID);
    if (!isPlainObject(json)) {
      throw new CallqaError(ErrorCodes.META_INVALID, `${metaFile}: expected a JSON object`, { input: metaFile });
    }
    const names = new Set(inputs.flatMap((p) => [p, basename(p)]));
    const keys = Object.keys(json);
    if (keys.length > 0 && keys.every((k) => names.has(k))) {
      keyed = json;
    } else if (inputs.length === 1) {
      single = parseCallMeta(json, metaFile);
    } else {
      throw new CallqaError(
        ErrorCodes.META_INVALID,
        `${metaFile}: with several inputs, --meta must be an object keyed by the inputs' file names (unknown keys: ${keys.filter((k) => !names.has(k)).slice(0, 3).join(', ')})`,
        { input: metaFile },
      );
    }
  }
  for (const input of inputs) {
    const entry = keyed?.[input] ?? keyed?.[basename(input)];
    if (entry !== undefined) {
      out.set(input, parseCallMeta(entry, `${metaFile}[${basename(input)}]`));
    } else if (single !== undefined) {
      out.set(input, single);
    } else {
      const sidecar = join(dirname(input), `${basename(input, extname(input))}.meta.json`);
      out.set(input, existsSync(sidecar) ? parseCallMeta(readJsonFile(sidecar, ErrorCodes.META_INVALID), sidecar) : {});
    }
  }
  return out;
}

/** `callId` defaults to the file name without extension (contract section 2). */
export function defaultCallId(input: string): string {
  return basename(input, extname(input));
}
