import type { Queryable } from '../pool.js';

export type Stage = 'transcribe' | 'analyze';
export type StageStatus = 'running' | 'completed' | 'failed' | 'retrying';

export interface StageRun {
  recordingId: string;
  stage: Stage;
  pipelineVersion: string;
  status: StageStatus;
  attempts: number;
  jobId: string | null;
  errorCode: string | null;
  errorMessage: string | null;
  durationMs: number | null;
  startedAt: string | null;
  finishedAt: string | null;
}

interface Row {
  recording_id: string;
  stage: Stage;
  pipeline_version: string;
  status: StageStatus;
  attempts: number;
  job_id: string | null;
  error_code: string | null;
  error_message: string | null;
  duration_ms: number | null;
  started_at: Date | null;
  finished_at: Date | null;
}

/** One row per (recording, stage, pipeline version): progress and recorded failures. */
export function createStageRunsRepository(db: Queryable) {
  return {
    /** Marks an attempt as started (attempts + 1). */
    async start(recordingId: string, stage: Stage, pipelineVersion: string, jobId: string | null): Promise<void> {
      await db.query(
        `INSERT INTO stage_runs (recording_id, stage, pipeline_version, status, attempts, job_id, started_at)
         VALUES ($1, $2, $3, 'running', 1, $4, now())
         ON CONFLICT (recording_id, stage, pipeline_version) DO UPDATE SET status = 'running',
           attempts = stage_runs.attempts + 1, job_id = EXCLUDED.job_id, started_at = now(), finished_at = NULL,
           error_code = NULL, error_message = NULL`,
        [recordingId, stage, pipelineVersion, jobId],
      );
    },

    async complete(recordingId: string, stage: Stage, pipelineVersion: string, durationMs: number, q: Queryable = db): Promise<void> {
      await q.query(
        `UPDATE stage_runs SET status = 'completed', duration_ms = $4, finished_at = now(), error_code = NULL, error_message = NULL
         WHERE recording_id = $1 AND stage = $2 AND pipeline_version = $3`,
        [recordingId, stage, pipelineVersion, Math.round(durationMs)],
      );
    },

    /** Records a failed attempt: `failed` when no retry follows, else `retrying`. */
    async fail(recordingId: string, stage: Stage, pipelineVersion: string, err: { code: string; message: string; final: boolean }): Promise<void> {
      await db.query(
        `INSERT INTO stage_runs (recording_id, stage, pipeline_version, status, attempts, error_code, error_message, finished_at)
         VALUES ($1, $2, $3, $4, 1, $5, $6, now())
         ON CONFLICT (recording_id, stage, pipeline_version) DO UPDATE SET status = EXCLUDED.status,
           error_code = EXCLUDED.error_code, error_message = EXCLUDED.error_message, finished_at = now()`,
        [recordingId, stage, pipelineVersion, err.final ? 'failed' : 'retrying', err.code, err.message],
      );
    },

    async list(recordingId: string): Promise<StageRun[]> {
      const { rows } = await db.query<Row>('SELECT * FROM stage_runs WHERE recording_id = $1 ORDER BY started_at NULLS LAST, stage', [recordingId]);
      return rows.map((r) => ({
        recordingId: r.recording_id,
        stage: r.stage,
        pipelineVersion: r.pipeline_version,
        status: r.status,
        attempts: r.attempts,
        jobId: r.job_id,
        errorCode: r.error_code,
        errorMessage: r.error_message,
        durationMs: r.duration_ms,
        startedAt: r.started_at?.toISOString() ?? null,
        finishedAt: r.finished_at?.toISOString() ?? null,
      }));
    },
  };
}

export type StageRunsRepository = ReturnType<typeof createStageRunsRepository>;
