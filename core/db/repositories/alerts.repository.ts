import type { Category, Severity } from '../../domain/report.js';
import type { Queryable } from '../pool.js';

/** What an alert carries to supervisors (SSE event data and webhook body). No transcript beyond the evidence. */
export interface AlertPayload {
  recordingId: string;
  callId: string;
  findingId: string;
  ruleId: string;
  category: Category;
  severity: Severity;
  startMs: number;
  endMs: number;
  evidence: string;
  agentId: string | null;
  agencyId: string | null;
  startedAt: string | null;
  /** When the recording was accepted (ISO 8601): the latency of an alert is measured from here. */
  acceptedAt: string;
  /**
   * How many findings of this rule the analysis holds: one alert per rule and analysis, on the
   * first of them (absent on alerts stored before it was counted).
   */
  occurrences?: number;
}

export interface Alert {
  /** Monotonic id: the SSE event id (`Last-Event-ID`). */
  id: number;
  recordingId: string;
  analysisId: string;
  findingId: string;
  category: Category;
  severity: Severity;
  agencyId: string | null;
  agentId: string | null;
  payload: AlertPayload;
  createdAt: string;
}

export interface NewAlert {
  recordingId: string;
  analysisId: string;
  payload: AlertPayload;
}

export interface WebhookDelivery {
  alertId: number;
  attempt: number;
  url: string;
  statusCode: number | null;
  error: string | null;
  durationMs: number | null;
  deliveredAt: string;
}

interface Row {
  id: number;
  recording_id: string;
  analysis_id: string;
  finding_id: string;
  category: Category;
  severity: Severity;
  agency_id: string | null;
  agent_id: string | null;
  payload: AlertPayload;
  created_at: Date;
}

const toAlert = (r: Row): Alert => ({
  id: r.id, recordingId: r.recording_id, analysisId: r.analysis_id, findingId: r.finding_id, category: r.category,
  severity: r.severity, agencyId: r.agency_id, agentId: r.agent_id, payload: r.payload, createdAt: r.created_at.toISOString(),
});

/**
 * Transaction-level advisory lock key that serialises alert inserts (any constant unique to this
 * use; "callqa alerts" in ASCII).
 */
export const ALERT_ORDER_LOCK = 0x63616c6c7161;

/** Alerts (one per alerting finding) and the record of webhook delivery attempts. */
export function createAlertsRepository(db: Queryable) {
  return {
    /**
     * Inserts alerts (idempotent per finding) and returns the rows created now, in id order.
     *
     * Alert ids are the SSE resume cursor, so they must become visible in id order: a reader that
     * saw id 8 and resumes "after 8" would never get a 7 committed later. A sequence alone does not
     * give that (two analyses take 7 and 8, the 8 commits first). The insert therefore takes a
     * transaction-level advisory lock first: the next alerting transaction waits for this one to
     * commit before it draws its ids. Call it inside the transaction that stores the analysis (the
     * lock is held to its commit, a few ms); outside a transaction it orders nothing.
     */
    async insertMany(q: Queryable, alerts: NewAlert[]): Promise<Alert[]> {
      if (alerts.length === 0) return [];
      await q.query('SELECT pg_advisory_xact_lock($1)', [ALERT_ORDER_LOCK]);
      const rows = alerts.map((a) => ({
        recording_id: a.recordingId, analysis_id: a.analysisId, finding_id: a.payload.findingId, category: a.payload.category,
        severity: a.payload.severity, agency_id: a.payload.agencyId, agent_id: a.payload.agentId, payload: a.payload,
      }));
      const { rows: inserted } = await q.query<Row>(
        `INSERT INTO alerts (recording_id, analysis_id, finding_id, category, severity, agency_id, agent_id, payload)
         SELECT x.* FROM jsonb_to_recordset($1::jsonb) AS x(recording_id uuid, analysis_id uuid, finding_id uuid, category text,
           severity text, agency_id text, agent_id text, payload jsonb)
         ON CONFLICT (finding_id) DO NOTHING RETURNING *`,
        [JSON.stringify(rows)],
      );
      return inserted.map(toAlert).sort((a, b) => a.id - b.id);
    },

    async get(id: number): Promise<Alert | undefined> {
      const { rows } = await db.query<Row>('SELECT * FROM alerts WHERE id = $1', [id]);
      return rows[0] ? toAlert(rows[0]) : undefined;
    },

    /** Alerts with id > `afterId`, oldest first (SSE catch-up); `agencyId` restricts to one agency. */
    async listAfter(afterId: number, opts: { agencyId?: string; limit?: number } = {}): Promise<Alert[]> {
      const params: unknown[] = [afterId];
      let sql = 'SELECT * FROM alerts WHERE id > $1';
      if (opts.agencyId !== undefined) {
        params.push(opts.agencyId);
        sql += ` AND agency_id = $${params.length}`;
      }
      params.push(Math.min(opts.limit ?? 500, 5000));
      const { rows } = await db.query<Row>(`${sql} ORDER BY id LIMIT $${params.length}`, params);
      return rows.map(toAlert);
    },

    async listForRecording(recordingId: string): Promise<Alert[]> {
      const { rows } = await db.query<Row>('SELECT * FROM alerts WHERE recording_id = $1 ORDER BY id', [recordingId]);
      return rows.map(toAlert);
    },

    /** Records one delivery attempt (idempotent per attempt number). */
    async recordDelivery(d: Omit<WebhookDelivery, 'deliveredAt'>): Promise<void> {
      await db.query(
        `INSERT INTO webhook_deliveries (alert_id, attempt, url, status_code, error, duration_ms) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (alert_id, attempt) DO UPDATE SET status_code = EXCLUDED.status_code, error = EXCLUDED.error,
           duration_ms = EXCLUDED.duration_ms, delivered_at = now()`,
        [d.alertId, d.attempt, d.url, d.statusCode, d.error, d.durationMs === null ? null : Math.round(d.durationMs)],
      );
    },

    async deliveries(alertId: number): Promise<WebhookDelivery[]> {
      const { rows } = await db.query<{ alert_id: number; attempt: number; url: string; status_code: number | null; error: string | null; duration_ms: number | null; delivered_at: Date }>(
        'SELECT * FROM webhook_deliveries WHERE alert_id = $1 ORDER BY attempt',
        [alertId],
      );
      return rows.map((r) => ({
        alertId: r.alert_id, attempt: r.attempt, url: r.url, statusCode: r.status_code, error: r.error, durationMs: r.duration_ms,
        deliveredAt: r.delivered_at.toISOString(),
      }));
    },
  };
}

export type AlertsRepository = ReturnType<typeof createAlertsRepository>;
