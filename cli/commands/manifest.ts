import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { CallqaError, ErrorCodes } from '../../core/domain/errors.js';

/** Splits one CSV line (RFC 4180 quoting). */
function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out.map((s) => s.trim());
}

const NUMBER_FIELDS = new Set(['daysOverdue']);
const BOOLEAN_FIELDS = new Set(['isStudent']);

/** CSV cells are strings: turn typed metadata fields into numbers / booleans / objects. */
function typedCell(field: string, value: string): unknown {
  if (NUMBER_FIELDS.has(field) && value !== '') return Number(value);
  if (BOOLEAN_FIELDS.has(field)) return value === 'true' || value === '1' ? true : value === 'false' || value === '0' ? false : value;
  if (field === 'channels' && value.startsWith('{')) return JSON.parse(value) as unknown;
  return value;
}

/**
 * Reads a batch manifest: `.csv` (header row; a `file` column plus metadata columns, contract
 * section 2) or `.jsonl` (one object per line with `file` and the metadata fields). Returns the
 * metadata keyed by file base name.
 */
export function readManifest(path: string): Map<string, Record<string, unknown>> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new CallqaError(ErrorCodes.INPUT_UNREADABLE, `${path}: cannot read manifest`, { input: path, cause });
  }
  const out = new Map<string, Record<string, unknown>>();
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const bad = (line: number, why: string): never => {
    throw new CallqaError(ErrorCodes.META_INVALID, `${path}:${line}: ${why}`, { input: path });
  };
  if (/\.jsonl$/i.test(path)) {
    lines.forEach((line, i) => {
      let obj: unknown;
      try {
        obj = JSON.parse(line);
      } catch (e) {
        bad(i + 1, `invalid JSON (${(e as Error).message})`);
      }
      if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) bad(i + 1, 'expected a JSON object');
      const { file, ...meta } = obj as Record<string, unknown>;
      if (typeof file !== 'string' || !file) bad(i + 1, 'missing "file"');
      out.set(basename(file as string), meta);
    });
    return out;
  }
  if (!/\.csv$/i.test(path)) throw new CallqaError(ErrorCodes.META_INVALID, `${path}: manifest must be .csv or .jsonl`, { input: path });
  const header = splitCsvLine(lines[0] ?? '');
  const fileCol = header.indexOf('file');
  if (fileCol < 0) bad(1, 'header has no "file" column');
  lines.slice(1).forEach((line, i) => {
    const cells = splitCsvLine(line);
    const meta: Record<string, unknown> = {};
    header.forEach((h, c) => {
      const v = cells[c] ?? '';
      if (c !== fileCol && v !== '') meta[h] = typedCell(h, v);
    });
    const file = cells[fileCol] ?? '';
    if (!file) bad(i + 2, 'empty "file" cell');
    out.set(basename(file), meta);
  });
  return out;
}
