import { existsSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import Postgrator from 'postgrator';
import { CallqaError, ErrorCodes } from '../domain/errors.js';
import { packageRoot } from '../config/package-info.js';

/** The folder holding `NNN.do.<name>.sql` / `NNN.undo.<name>.sql` (sources and installed package alike). */
export function migrationsDir(): string {
  const dir = join(packageRoot(), 'core', 'db', 'migrations');
  if (!existsSync(dir)) throw new CallqaError(ErrorCodes.INTERNAL, `migrations folder not found: ${dir}`);
  return dir;
}

export interface MigrationResult {
  from: number;
  to: number;
  applied: string[];
}

/**
 * Applies (or reverts, with `target` lower than the current version) the plain-SQL migrations
 * with postgrator, each in its own transaction, on a single dedicated connection.
 *
 * @param target - version to reach; `'max'` (the default) applies all.
 */
export async function runMigrations(databaseUrl: string, target: number | 'max' = 'max'): Promise<MigrationResult> {
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 5000, application_name: 'callqa-migrate' });
  try {
    await client.connect();
  } catch (cause) {
    throw new CallqaError(ErrorCodes.UNAVAILABLE, `database unavailable for migrations: ${(cause as Error).message}`, { cause });
  }
  try {
    // Two processes migrating at start (api + workers) must not interleave.
    await client.query(`SELECT pg_advisory_lock(hashtext('callqa.migrate'))`);
    const postgrator = new Postgrator({
      migrationPattern: join(migrationsDir(), '*'),
      driver: 'pg',
      schemaTable: 'schema_version',
      execQuery: (query) => client.query(query),
    });
    const from = await postgrator.getDatabaseVersion();
    const applied = await postgrator.migrate(target === 'max' ? 'max' : String(target));
    const to = await postgrator.getDatabaseVersion();
    return { from, to, applied: applied.map((m) => m.filename) };
  } finally {
    await client.end();
  }
}
