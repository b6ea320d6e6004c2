import type { CallMeta, CalleeRole } from '../../domain/call-meta.js';
import type { Queryable } from '../pool.js';

export const RECORDING_STATUSES = ['queued', 'transcribing', 'transcribed', 'analyzing', 'scored', 'failed'] as const;
export type RecordingStatus = (typeof RECORDING_STATUSES)[number];
export type Priority = 'realtime' | 'batch';

export interface Recording {
  id: string;
  sha256: string;
  /** Path relative to the data directory, e.g. `recordings/ab/abcdef….wav`. */
  storagePath: string;
  originalName: string;
  byteSize: number;
  durationMs: number | null;
  channels: number | null;
  meta: CallMeta;
  callId: string;
  agentId: string | null;
  agencyId: string | null;
  /** ISO 8601. */
  startedAt: string | null;
  calleeRole: CalleeRole | null;
  isStudent: boolean | null;
  priority: Priority;
  status: RecordingStatus;
  errorCode: string | null;
  errorMessage: string | null;
  /** Score of the current analysis. */
  score: number | null;
  batchId: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface NewRecording {
  sha256: string;
  storagePath: string;
  originalName: string;
  byteSize: number;
  durationMs: number | null;
  channels: number | null;
  meta: CallMeta;
  callId: string;
  priority: Priority;
  batchId?: string | null;
}

export interface RecordingFilter {
  agentId?: string;
  agencyId?: string;
  status?: RecordingStatus;
  batchId?: string;
  /** Inclusive lower bound on `startedAt` (falls back to `createdAt`), ISO 8601. */
  from?: string;
  /** Exclusive upper bound, ISO 8601. */
  to?: string;
  minScore?: number;
  maxScore?: number;
  ids?: string[];
  /** @defaultValue 50 */
  limit?: number;
  offset?: number;
}

interface RecordingRow {
  id: string;
  sha256: string;
  storage_path: string;
  original_name: string;
  byte_size: number;
  duration_ms: number | null;
  channels: number | null;
  meta: CallMeta;
  call_id: string;
  agent_id: string | null;
  agency_id: string | null;
  started_at: Date | null;
  callee_role: CalleeRole | null;
  is_student: boolean | null;
  priority: Priority;
  status: RecordingStatus;
  error_code: string | null;
  error_message: string | null;
  score: number | null;
  batch_id: string | null;
  created_at: Date;
  updated_at: Date;
}

function toRecording(r: RecordingRow): Recording {
  return {
    id: r.id,
    sha256: r.sha256,
    storagePath: r.storage_path,
    originalName: r.original_name,
    byteSize: r.byte_size,
    durationMs: r.duration_ms,
    channels: r.channels,
    meta: r.meta,
    callId: r.call_id,
    agentId: r.agent_id,
    agencyId: r.agency_id,
    startedAt: r.started_at?.toISOString() ?? null,
    calleeRole: r.callee_role,
    isStudent: r.is_student,
    priority: r.priority,
    status: r.status,
    errorCode: r.error_code,
    errorMessage: r.error_message,
    score: r.score,
    batchId: r.batch_id,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

/** Builds a WHERE clause from a filter; returns the SQL and its parameters. */
export function recordingWhere(filter: RecordingFilter, params: unknown[], alias = 'r'): string {
  const where: string[] = [];
  const add = (sql: string, value: unknown): void => {
    params.push(value);
    where.push(sql.replace('?', `$${params.length}`));
  };
  if (filter.agentId !== undefined) add(`${alias}.agent_id = ?`, filter.agentId);
  if (filter.agencyId !== undefined) add(`${alias}.agency_id = ?`, filter.agencyId);
  if (filter.status !== undefined) add(`${alias}.status = ?`, filter.status);
  if (filter.batchId !== undefined) add(`${alias}.batch_id = ?`, filter.batchId);
  if (filter.from !== undefined) add(`COALESCE(${alias}.started_at, ${alias}.created_at) >= ?`, filter.from);
  if (filter.to !== undefined) add(`COALESCE(${alias}.started_at, ${alias}.created_at) < ?`, filter.to);
  if (filter.minScore !== undefined) add(`${alias}.score >= ?`, filter.minScore);
  if (filter.maxScore !== undefined) add(`${alias}.score <= ?`, filter.maxScore);
  if (filter.ids !== undefined) add(`${alias}.id = ANY(?::uuid[])`, filter.ids);
  return where.length ? `WHERE ${where.join(' AND ')}` : '';
}

/** Recordings table access; all SQL (snake_case) stays in here. */
export function createRecordingsRepository(db: Queryable) {
  return {
    /**
     * Inserts a recording unless one with the same sha256 exists; returns the stored row and
     * whether it was created now (race-safe: concurrent identical uploads create one row).
     */
    async insertOrGet(rec: NewRecording, q: Queryable = db): Promise<{ recording: Recording; created: boolean }> {
      const m = rec.meta;
      const inserted = await q.query<RecordingRow>(
        `INSERT INTO recordings (sha256, storage_path, original_name, byte_size, duration_ms, channels, meta, call_id,
           agent_id, agency_id, started_at, callee_role, is_student, priority, batch_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
         ON CONFLICT (sha256) DO NOTHING RETURNING *`,
        [rec.sha256, rec.storagePath, rec.originalName, rec.byteSize, rec.durationMs, rec.channels, JSON.stringify(m), rec.callId,
          m.agentId ?? null, m.agencyId ?? null, m.startedAt ?? null, m.calleeRole ?? null, m.isStudent ?? null, rec.priority, rec.batchId ?? null],
      );
      if (inserted.rows[0]) return { recording: toRecording(inserted.rows[0]), created: true };
      const existing = await q.query<RecordingRow>('SELECT * FROM recordings WHERE sha256 = $1', [rec.sha256]);
      if (!existing.rows[0]) throw new Error(`recording ${rec.sha256} vanished during insert`);
      return { recording: toRecording(existing.rows[0]), created: false };
    },

    async findById(id: string, q: Queryable = db): Promise<Recording | undefined> {
      if (!isUuid(id)) return undefined;
      const { rows } = await q.query<RecordingRow>('SELECT * FROM recordings WHERE id = $1', [id]);
      return rows[0] ? toRecording(rows[0]) : undefined;
    },

    async findBySha256(sha256: string): Promise<Recording | undefined> {
      const { rows } = await db.query<RecordingRow>('SELECT * FROM recordings WHERE sha256 = $1', [sha256]);
      return rows[0] ? toRecording(rows[0]) : undefined;
    },

    /** Sets the status; a non-failed status clears the error fields. */
    async setStatus(
      id: string,
      status: RecordingStatus,
      extra: { errorCode?: string; errorMessage?: string; durationMs?: number; channels?: number } = {},
      q: Queryable = db,
    ): Promise<void> {
      await q.query(
        `UPDATE recordings SET status = $2, error_code = $3, error_message = $4,
           duration_ms = COALESCE($5, duration_ms), channels = COALESCE($6, channels), updated_at = now()
         WHERE id = $1`,
        [id, status, status === 'failed' ? (extra.errorCode ?? null) : null, status === 'failed' ? (extra.errorMessage ?? null) : null,
          extra.durationMs ?? null, extra.channels ?? null],
      );
    },

    async delete(id: string, q: Queryable = db): Promise<void> {
      await q.query('DELETE FROM recordings WHERE id = $1', [id]);
    },

    /** Lists recordings, newest first. */
    async list(filter: RecordingFilter = {}): Promise<{ items: Recording[]; total: number }> {
      const params: unknown[] = [];
      const where = recordingWhere(filter, params);
      const total = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM recordings r ${where}`, params);
      params.push(Math.min(filter.limit ?? 50, 1000), filter.offset ?? 0);
      const { rows } = await db.query<RecordingRow>(
        `SELECT r.* FROM recordings r ${where} ORDER BY r.created_at DESC, r.id LIMIT $${params.length - 1} OFFSET $${params.length}`,
        params,
      );
      return { items: rows.map(toRecording), total: total.rows[0]?.n ?? 0 };
    },

    /** Ids of recordings that have a stored transcript, matching the filter (for re-analysis). */
    async idsWithTranscript(filter: RecordingFilter = {}): Promise<string[]> {
      const params: unknown[] = [];
      const where = recordingWhere(filter, params);
      const { rows } = await db.query<{ id: string }>(
        `SELECT r.id FROM recordings r JOIN transcripts t ON t.recording_id = r.id ${where}
         ORDER BY COALESCE(r.started_at, r.created_at), r.id`,
        params,
      );
      return rows.map((r) => r.id);
    },
  };
}

export type RecordingsRepository = ReturnType<typeof createRecordingsRepository>;

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** True for a syntactically valid uuid (lets lookups of bad ids return "not found" instead of an SQL error). */
export function isUuid(value: string): boolean {
  return UUID_RE.test(value);
}
