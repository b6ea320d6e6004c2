import { CallqaError, ErrorCodes } from '../domain/errors.js';
import type { Queryable } from '../db/pool.js';
import { isUuid } from '../db/repositories/recordings.repository.js';

export interface GroupSummary {
  key: string;
  calls: number;
  scored: number;
  failed: number;
  findings: number;
  criticalFindings: number;
  averageScore: number | null;
  penaltyYuan: number;
}

export interface BatchSummary {
  batch: { id: string; name: string; createdAt: string };
  calls: number;
  /** Calls per status (queued, transcribing, …, scored, failed). */
  byStatus: Record<string, number>;
  scored: number;
  failed: number;
  /** Still queued or in progress. */
  pending: number;
  finished: boolean;
  failures: { recordingId: string; callId: string; originalName: string; errorCode: string | null; errorMessage: string | null }[];
  failuresByCode: Record<string, number>;
  /** Current findings per category and severity. */
  findings: { category: string; severity: string; count: number }[];
  averageScore: number | null;
  penaltyYuan: number;
  byAgent: GroupSummary[];
  byAgency: GroupSummary[];
}

async function groupBy(db: Queryable, batchId: string, column: 'agent_id' | 'agency_id'): Promise<GroupSummary[]> {
  const { rows } = await db.query<{ key: string; calls: number; scored: number; failed: number; findings: number; critical: number; avg: number | null; penalty: number }>(
    `SELECT COALESCE(r.${column}, '(none)') AS key, count(*)::int AS calls,
       count(*) FILTER (WHERE r.status = 'scored')::int AS scored, count(*) FILTER (WHERE r.status = 'failed')::int AS failed,
       COALESCE(sum(fc.n), 0)::int AS findings, COALESCE(sum(fc.critical), 0)::int AS critical,
       round(avg(a.score), 1)::float8 AS avg, COALESCE(sum(a.penalty_yuan), 0)::float8 AS penalty
     FROM recordings r
     LEFT JOIN analyses a ON a.recording_id = r.id AND a.is_current
     LEFT JOIN LATERAL (SELECT count(*) AS n, count(*) FILTER (WHERE f.severity = 'critical') AS critical
                        FROM findings f WHERE f.analysis_id = a.id) fc ON true
     WHERE r.batch_id = $1 GROUP BY 1 ORDER BY 1`,
    [batchId],
  );
  return rows.map((r) => ({ key: r.key, calls: r.calls, scored: r.scored, failed: r.failed, findings: r.findings, criticalFindings: r.critical, averageScore: r.avg, penaltyYuan: r.penalty }));
}

/**
 * Summary of a batch (by id or name): calls scored, failed with reasons, findings by category and
 * severity, per agent and per agency.
 *
 * @throws CallqaError NOT_FOUND for an unknown batch.
 */
export async function batchSummary(db: Queryable, batch: string): Promise<BatchSummary> {
  const b = await db.query<{ id: string; name: string; created_at: Date }>(
    `SELECT id, name, created_at FROM batches WHERE name = $1 ${isUuid(batch) ? 'OR id = $1::uuid' : ''}`,
    [batch],
  );
  const row = b.rows[0];
  if (!row) throw new CallqaError(ErrorCodes.NOT_FOUND, `batch ${batch} not found`, { input: batch });
  const status = await db.query<{ status: string; n: number }>('SELECT status, count(*)::int AS n FROM recordings WHERE batch_id = $1 GROUP BY status', [row.id]);
  const byStatus = Object.fromEntries(status.rows.map((r) => [r.status, r.n]));
  const calls = status.rows.reduce((s, r) => s + r.n, 0);
  const failures = await db.query<{ id: string; call_id: string; original_name: string; error_code: string | null; error_message: string | null }>(
    `SELECT id, call_id, original_name, error_code, error_message FROM recordings WHERE batch_id = $1 AND status = 'failed' ORDER BY created_at`,
    [row.id],
  );
  const findings = await db.query<{ category: string; severity: string; count: number }>(
    `SELECT f.category, f.severity, count(*)::int AS count FROM findings f JOIN recordings r ON r.id = f.recording_id
     WHERE r.batch_id = $1 AND f.is_current GROUP BY 1, 2 ORDER BY 1, 2`,
    [row.id],
  );
  const totals = await db.query<{ avg: number | null; penalty: number }>(
    `SELECT round(avg(a.score), 1)::float8 AS avg, COALESCE(sum(a.penalty_yuan), 0)::float8 AS penalty
     FROM analyses a JOIN recordings r ON r.id = a.recording_id WHERE r.batch_id = $1 AND a.is_current`,
    [row.id],
  );
  const failuresByCode: Record<string, number> = {};
  for (const f of failures.rows) failuresByCode[f.error_code ?? 'unknown'] = (failuresByCode[f.error_code ?? 'unknown'] ?? 0) + 1;
  const scored = byStatus.scored ?? 0;
  const failed = byStatus.failed ?? 0;
  return {
    batch: { id: row.id, name: row.name, createdAt: row.created_at.toISOString() },
    calls, byStatus, scored, failed, pending: calls - scored - failed, finished: calls - scored - failed === 0,
    failures: failures.rows.map((f) => ({ recordingId: f.id, callId: f.call_id, originalName: f.original_name, errorCode: f.error_code, errorMessage: f.error_message })),
    failuresByCode,
    findings: findings.rows,
    averageScore: totals.rows[0]?.avg ?? null,
    penaltyYuan: totals.rows[0]?.penalty ?? 0,
    byAgent: await groupBy(db, row.id, 'agent_id'),
    byAgency: await groupBy(db, row.id, 'agency_id'),
  };
}

function csvCell(v: string | number | null | undefined): string {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * The summary as one CSV table: `section,key,metric,value` rows (totals, status, failures,
 * findings by category/severity, per agent, per agency), easy to pivot in a spreadsheet.
 */
export function batchSummaryCsv(s: BatchSummary): string {
  const rows: (string | number | null)[][] = [['section', 'key', 'metric', 'value']];
  const t = (metric: string, value: string | number | null): void => void rows.push(['total', s.batch.name, metric, value]);
  t('calls', s.calls);
  t('scored', s.scored);
  t('failed', s.failed);
  t('pending', s.pending);
  t('average_score', s.averageScore);
  t('penalty_yuan', s.penaltyYuan);
  for (const [status, n] of Object.entries(s.byStatus)) rows.push(['status', status, 'calls', n]);
  for (const [code, n] of Object.entries(s.failuresByCode)) rows.push(['failure_code', code, 'calls', n]);
  for (const f of s.failures) rows.push(['failure', f.callId, f.errorCode ?? 'unknown', f.errorMessage]);
  for (const f of s.findings) rows.push(['findings', `${f.category}/${f.severity}`, 'count', f.count]);
  for (const [section, groups] of [['agent', s.byAgent], ['agency', s.byAgency]] as const) {
    for (const g of groups) {
      rows.push([section, g.key, 'calls', g.calls], [section, g.key, 'scored', g.scored], [section, g.key, 'failed', g.failed],
        [section, g.key, 'findings', g.findings], [section, g.key, 'critical_findings', g.criticalFindings],
        [section, g.key, 'average_score', g.averageScore], [section, g.key, 'penalty_yuan', g.penaltyYuan]);
    }
  }
  return rows.map((r) => r.map(csvCell).join(',')).join('\n') + '\n';
}
