import type { Queryable } from '../pool.js';

/** Upper bounds (ms) of the stage-duration histogram. */
export const STAGE_DURATION_BUCKETS_MS = [1_000, 5_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000];

export interface ProcessingStats {
  /** Completed stage runs: cumulative counts per upper bound (ms), total count and sum. */
  stageDurations: { stage: string; buckets: { leMs: number; count: number }[]; count: number; sumMs: number }[];
  /** Sum of the durations of every transcribed recording. */
  audioMsProcessed: number;
  /** Failed stage runs by stage and error code. */
  failures: { stage: string; code: string; count: number }[];
}

/** Service-wide processing figures for Prometheus, computed from stage_runs and transcripts. */
export function createServiceStatsRepository(db: Queryable) {
  return {
    async processing(): Promise<ProcessingStats> {
      const durations = await db.query<{ stage: string; count: number; sum_ms: number; buckets: number[] }>(
        // Per-bucket counts are aggregates too: an ARRAY(subquery) over s.duration_ms is rejected
        // by PostgreSQL (ungrouped column), so count each bound with a FILTER inside array[].
        `SELECT stage, count(*)::int AS count, COALESCE(sum(duration_ms), 0)::float8 AS sum_ms,
           array[${STAGE_DURATION_BUCKETS_MS.map((b) => `count(*) FILTER (WHERE duration_ms <= ${Number(b)})::int`).join(', ')}] AS buckets
         FROM stage_runs WHERE status = 'completed' AND duration_ms IS NOT NULL GROUP BY 1 ORDER BY 1`,
      );
      const audio = await db.query<{ ms: number }>('SELECT COALESCE(sum(duration_ms), 0)::float8 AS ms FROM transcripts');
      const failures = await db.query<{ stage: string; code: string; count: number }>(
        `SELECT stage, COALESCE(error_code, 'unknown') AS code, count(*)::int AS count FROM stage_runs
         WHERE status = 'failed' GROUP BY 1, 2 ORDER BY 1, 2`,
      );
      return {
        stageDurations: durations.rows.map((r) => ({
          stage: r.stage,
          count: r.count,
          sumMs: r.sum_ms,
          buckets: STAGE_DURATION_BUCKETS_MS.map((leMs, i) => ({ leMs, count: r.buckets[i] ?? 0 })),
        })),
        audioMsProcessed: audio.rows[0]?.ms ?? 0,
        failures: failures.rows,
      };
    },
  };
}

export type ServiceStatsRepository = ReturnType<typeof createServiceStatsRepository>;
