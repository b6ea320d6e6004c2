/**
 * Reading a recording upload from a multipart request: the `file` part and the `meta` (JSON,
 * contract section 2) and `priority` fields. When the fields come first (the documented order)
 * (both present before `file`) the file streams straight into ingest; otherwise it is spooled to a
 * temp file (deleted afterwards, whatever happens) so fields after it, or absent, are handled.
 */
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import type { FastifyRequest } from 'fastify';
import { CallqaError, ErrorCodes } from '../../core/domain/errors.js';
import type { CallMeta } from '../../core/domain/call-meta.js';
import { HttpError, HttpErrorCodes, forbidden } from '../http-errors.js';
import type { Principal } from './principal.js';

export type Priority = 'realtime' | 'batch';

export interface UploadInput {
  originalName: string;
  meta: CallMeta;
  priority: Priority;
}

export type IngestFn<T> = (input: UploadInput & { source: { stream: Readable } | { path: string } }) => Promise<T>;

/** Parses the `meta` field and applies the caller's agency scope to it. */
export function parseMeta(raw: string | undefined, principal: Principal): CallMeta {
  let meta: unknown = {};
  if (raw !== undefined && raw.trim() !== '') {
    try {
      meta = JSON.parse(raw);
    } catch (cause) {
      throw new CallqaError(ErrorCodes.META_INVALID, `meta: not valid JSON (${(cause as Error).message})`, { input: 'meta', cause });
    }
  }
  if (typeof meta !== 'object' || meta === null || Array.isArray(meta)) {
    throw new CallqaError(ErrorCodes.META_INVALID, 'meta: expected a JSON object (contract section 2)', { input: 'meta' });
  }
  const m = meta as CallMeta;
  if (principal.agencyId !== null) {
    if (m.agencyId !== undefined && m.agencyId !== principal.agencyId) {
      throw forbidden(`this key may only upload recordings of agency ${principal.agencyId}`);
    }
    return { ...m, agencyId: principal.agencyId };
  }
  return m;
}

export function parsePriority(raw: string | undefined): Priority {
  const value = raw?.trim() || 'realtime';
  if (value === 'realtime' || value === 'batch') return value;
  throw new HttpError(400, HttpErrorCodes.VALIDATION, 'priority must be realtime or batch', {
    details: [{ field: 'priority', message: `must be realtime or batch, got "${value.slice(0, 40)}"` }],
  });
}

/**
 * Consumes the multipart request and calls `ingest` once with the file.
 *
 * @param tmpDir - where a file that arrives before its fields is spooled
 */
export async function receiveUpload<T>(request: FastifyRequest, principal: Principal, tmpDir: string, ingest: IngestFn<T>): Promise<T> {
  if (!request.isMultipart()) {
    throw new HttpError(415, HttpErrorCodes.UNSUPPORTED_MEDIA_TYPE, 'expected multipart/form-data with a "file" part');
  }
  const fields: Record<string, string> = {};
  let spooled: { path: string; originalName: string } | undefined;
  let result: { value: T } | undefined;
  try {
    for await (const part of request.parts()) {
      if (part.type === 'field') {
        // The first occurrence counts; a repeated field is ignored.
        if ((part.fieldname === 'meta' || part.fieldname === 'priority') && !(part.fieldname in fields)) {
          fields[part.fieldname] = String(part.value);
        }
        continue;
      }
      if (part.fieldname !== 'file' || result || spooled) {
        part.file.resume();
        continue;
      }
      const originalName = part.filename || 'upload';
      if ('meta' in fields && 'priority' in fields) {
        // Validate before touching the stream, so bad fields store nothing.
        const input = { originalName, meta: parseMeta(fields.meta, principal), priority: parsePriority(fields.priority) };
        result = { value: await ingest({ ...input, source: { stream: part.file } }) };
      } else {
        await mkdir(tmpDir, { recursive: true });
        const path = join(tmpDir, `upload-${randomUUID()}`);
        spooled = { path, originalName };
        await pipeline(part.file, createWriteStream(path));
      }
    }
    if (spooled) {
      const input = { originalName: spooled.originalName, meta: parseMeta(fields.meta, principal), priority: parsePriority(fields.priority) };
      result = { value: await ingest({ ...input, source: { path: spooled.path } }) };
    }
  } finally {
    if (spooled) await rm(spooled.path, { force: true });
  }
  if (!result) throw new HttpError(400, HttpErrorCodes.VALIDATION, 'missing the "file" part', { details: [{ field: 'file', message: 'required' }] });
  return result.value;
}
