import type { Category, Finding, FindingMatch, FindingSource, Report, ReportMetrics, Severity } from '../../domain/report.js';
import type { Speaker } from '../../domain/transcript.js';
import type { Queryable } from '../pool.js';
import { recordingWhere, type RecordingFilter } from './recordings.repository.js';

export interface Analysis {
  id: string;
  recordingId: string;
  runKey: string;
  pipelineVersion: string;
  lexiconVersion: string;
  asrModel: string | null;
  policy: string | null;
  score: number;
  penaltyYuan: number;
  calleeRole: string | null;
  metrics: ReportMetrics;
  isCurrent: boolean;
  createdAt: string;
}

/** A finding as stored: the report's finding plus where it came from. */
export interface StoredFinding extends Finding {
  /** Database id (uuid); `id` keeps the report's own id (`f-1`). */
  findingId: string;
  analysisId: string;
  recordingId: string;
  lexiconVersion: string;
  asrModel: string | null;
  isCurrent: boolean;
  createdAt: string;
}

export interface FindingFilter extends Omit<RecordingFilter, 'status'> {
  recordingId?: string;
  category?: Category;
  severity?: Severity;
  ruleId?: string;
}

interface AnalysisRow {
  id: string;
  recording_id: string;
  run_key: string;
  pipeline_version: string;
  lexicon_version: string;
  asr_model: string | null;
  policy: string | null;
  score: number;
  penalty_yuan: number;
  callee_role: string | null;
  metrics: ReportMetrics;
  is_current: boolean;
  created_at: Date;
}

interface FindingRow {
  id: string;
  analysis_id: string;
  recording_id: string;
  finding_key: string;
  rule_id: string;
  category: Category;
  severity: Severity;
  source: FindingSource;
  speaker: Speaker;
  start_ms: number;
  end_ms: number;
  evidence: string;
  match: FindingMatch | null;
  confidence: number;
  penalty_class: string | null;
  penalty_yuan: number | null;
  detail: string | null;
  is_current: boolean;
  lexicon_version: string;
  asr_model: string | null;
  created_at: Date;
}

function toAnalysis(r: AnalysisRow): Analysis {
  return {
    id: r.id, recordingId: r.recording_id, runKey: r.run_key, pipelineVersion: r.pipeline_version, lexiconVersion: r.lexicon_version,
    asrModel: r.asr_model, policy: r.policy, score: r.score, penaltyYuan: r.penalty_yuan, calleeRole: r.callee_role,
    metrics: r.metrics, isCurrent: r.is_current, createdAt: r.created_at.toISOString(),
  };
}

function toFinding(r: FindingRow): StoredFinding {
  const f: StoredFinding = {
    id: r.finding_key, findingId: r.id, analysisId: r.analysis_id, recordingId: r.recording_id, ruleId: r.rule_id,
    category: r.category, severity: r.severity, source: r.source, speaker: r.speaker, startMs: r.start_ms, endMs: r.end_ms,
    evidence: r.evidence, confidence: r.confidence, lexiconVersion: r.lexicon_version, asrModel: r.asr_model,
    isCurrent: r.is_current, createdAt: r.created_at.toISOString(),
  };
  if (r.match) f.match = r.match;
  if (r.penalty_class !== null) f.penaltyClass = r.penalty_class;
  if (r.penalty_yuan !== null) f.penaltyYuan = r.penalty_yuan;
  if (r.detail !== null) f.detail = r.detail;
  return f;
}

/** Analyses (rule runs over a stored transcript) and their findings. */
export function createAnalysesRepository(db: Queryable) {
  async function findingsOf(analysisId: string, q: Queryable = db): Promise<StoredFinding[]> {
    const { rows } = await q.query<FindingRow>('SELECT * FROM findings WHERE analysis_id = $1 ORDER BY start_ms, idx', [analysisId]);
    return rows.map(toFinding);
  }
  return {
    findingsOf,

    async findByRunKey(recordingId: string, runKey: string, q: Queryable = db): Promise<Analysis | undefined> {
      const { rows } = await q.query<AnalysisRow>('SELECT * FROM analyses WHERE recording_id = $1 AND run_key = $2', [recordingId, runKey]);
      return rows[0] ? toAnalysis(rows[0]) : undefined;
    },

    /**
     * Inserts an analysis with its findings as the recording's current one: the previous current
     * analysis (and its findings) stay, with `is_current` false. Run inside a transaction that has
     * locked the recording row (`SELECT … FOR UPDATE`), so concurrent runs serialise.
     */
    async insertCurrent(
      q: Queryable,
      input: { recordingId: string; runKey: string; pipelineVersion: string; report: Report },
    ): Promise<{ analysis: Analysis; findings: StoredFinding[] }> {
      const { recordingId, report } = input;
      const lexiconVersion = report.engine.lexiconVersion;
      const asrModel = report.engine.asrModel;
      await q.query('UPDATE analyses SET is_current = false WHERE recording_id = $1 AND is_current', [recordingId]);
      await q.query('UPDATE findings SET is_current = false WHERE recording_id = $1 AND is_current', [recordingId]);
      const a = await q.query<AnalysisRow>(
        `INSERT INTO analyses (recording_id, run_key, pipeline_version, lexicon_version, asr_model, policy, score, penalty_yuan,
           callee_role, metrics, is_current)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, true) RETURNING *`,
        [recordingId, input.runKey, input.pipelineVersion, lexiconVersion, asrModel, report.engine.policy ?? null,
          Math.round(report.score), report.penaltyYuan, report.calleeRole ?? null, JSON.stringify(report.metrics)],
      );
      const analysis = toAnalysis(a.rows[0] as AnalysisRow);
      let findings: StoredFinding[] = [];
      if (report.findings.length > 0) {
        const rows = report.findings.map((f, idx) => ({
          idx, finding_key: f.id, rule_id: f.ruleId, category: f.category, severity: f.severity, source: f.source,
          speaker: f.speaker, start_ms: Math.round(f.startMs), end_ms: Math.round(f.endMs), evidence: f.evidence,
          match: f.match ?? null, confidence: f.confidence, penalty_class: f.penaltyClass ?? null,
          penalty_yuan: f.penaltyYuan ?? null, detail: f.detail ?? null,
        }));
        const inserted = await q.query<FindingRow>(
          `INSERT INTO findings (analysis_id, recording_id, lexicon_version, asr_model, is_current, idx, finding_key, rule_id,
             category, severity, source, speaker, start_ms, end_ms, evidence, match, confidence, penalty_class, penalty_yuan, detail)
           SELECT $1, $2, $3, $4, true, x.* FROM jsonb_to_recordset($5::jsonb) AS x(idx int, finding_key text, rule_id text,
             category text, severity text, source text, speaker text, start_ms int, end_ms int, evidence text, match jsonb,
             confidence real, penalty_class text, penalty_yuan numeric, detail text)
           RETURNING *`,
          [analysis.id, recordingId, lexiconVersion, asrModel, JSON.stringify(rows)],
        );
        findings = inserted.rows.map(toFinding).sort((x, y) => x.startMs - y.startMs || x.id.localeCompare(y.id));
      }
      await q.query('UPDATE recordings SET score = $2, updated_at = now() WHERE id = $1', [recordingId, analysis.score]);
      return { analysis, findings };
    },

    async getCurrent(recordingId: string, q: Queryable = db): Promise<{ analysis: Analysis; findings: StoredFinding[] } | undefined> {
      const { rows } = await q.query<AnalysisRow>('SELECT * FROM analyses WHERE recording_id = $1 AND is_current', [recordingId]);
      if (!rows[0]) return undefined;
      const analysis = toAnalysis(rows[0]);
      return { analysis, findings: await findingsOf(analysis.id, q) };
    },

    /** Every analysis of a recording, newest first (for comparing runs). */
    async listForRecording(recordingId: string): Promise<Analysis[]> {
      const { rows } = await db.query<AnalysisRow>('SELECT * FROM analyses WHERE recording_id = $1 ORDER BY created_at DESC', [recordingId]);
      return rows.map(toAnalysis);
    },

    /** Current findings matching the filter (joined with their recording), newest recordings first. */
    async listFindings(filter: FindingFilter = {}): Promise<{ items: (StoredFinding & { agentId: string | null; agencyId: string | null })[]; total: number }> {
      const params: unknown[] = [];
      let where = recordingWhere(filter, params, 'r');
      const extra: string[] = ['f.is_current'];
      const add = (sql: string, value: unknown): void => {
        params.push(value);
        extra.push(sql.replace('?', `$${params.length}`));
      };
      if (filter.recordingId !== undefined) add('f.recording_id = ?', filter.recordingId);
      if (filter.category !== undefined) add('f.category = ?', filter.category);
      if (filter.severity !== undefined) add('f.severity = ?', filter.severity);
      if (filter.ruleId !== undefined) add('f.rule_id = ?', filter.ruleId);
      where = where ? `${where} AND ${extra.join(' AND ')}` : `WHERE ${extra.join(' AND ')}`;
      const from = `FROM findings f JOIN recordings r ON r.id = f.recording_id ${where}`;
      const total = await db.query<{ n: number }>(`SELECT count(*)::int AS n ${from}`, params);
      params.push(Math.min(filter.limit ?? 50, 1000), filter.offset ?? 0);
      const { rows } = await db.query<FindingRow & { agent_id: string | null; agency_id: string | null }>(
        `SELECT f.*, r.agent_id, r.agency_id ${from} ORDER BY r.created_at DESC, f.recording_id, f.start_ms, f.idx
         LIMIT $${params.length - 1} OFFSET $${params.length}`,
        params,
      );
      return { items: rows.map((r) => ({ ...toFinding(r), agentId: r.agent_id, agencyId: r.agency_id })), total: total.rows[0]?.n ?? 0 };
    },
  };
}

export type AnalysesRepository = ReturnType<typeof createAnalysesRepository>;
