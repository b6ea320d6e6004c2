import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMigrations } from '../../../core/db/migrate.js';
import { createEmptyDatabase, type TestDatabase } from '../helpers/db.js';

const TABLES = ['alerts', 'analyses', 'api_keys', 'batches', 'findings', 'recordings', 'segments', 'stage_runs', 'transcripts', 'webhook_deliveries'];

async function tables(db: TestDatabase): Promise<string[]> {
  const { rows } = await db.pool.query<{ tablename: string }>(
    `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'schema_version' ORDER BY tablename`,
  );
  return rows.map((r) => r.tablename);
}

describe('migrations', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createEmptyDatabase();
  });
  afterAll(async () => {
    await db.drop();
  });

  it('apply all, are idempotent, and revert to an empty schema', async () => {
    const up = await runMigrations(db.url);
    expect(up.from).toBe(0);
    expect(up.to).toBe(7);
    expect(up.applied).toHaveLength(7);
    expect(await tables(db)).toEqual(TABLES);

    const again = await runMigrations(db.url);
    expect(again.applied).toEqual([]);

    const down = await runMigrations(db.url, 0);
    expect(down.to).toBe(0);
    expect(await tables(db)).toEqual([]);

    await runMigrations(db.url);
    expect(await tables(db)).toEqual(TABLES);
  });

  it('create the indexes the API filters use', async () => {
    const { rows } = await db.pool.query<{ indexname: string }>(`SELECT indexname FROM pg_indexes WHERE schemaname = 'public'`);
    const names = rows.map((r) => r.indexname);
    for (const idx of ['recordings_agent_idx', 'recordings_agency_idx', 'recordings_started_at_idx', 'recordings_score_idx', 'findings_category_idx', 'findings_severity_idx', 'analyses_current_idx']) {
      expect(names).toContain(idx);
    }
  });
});
