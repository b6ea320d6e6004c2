/**
 * A fresh PostgreSQL database per test file, cloned from a template that is migrated once per
 * migration set (its name carries a hash of the migration files), as Immich's medium tests do.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { createPool, type Pool } from '../../../core/db/pool.js';
import { migrationsDir, runMigrations } from '../../../core/db/migrate.js';

/** Server URL of the maintenance database the helpers connect to (trust auth on loopback). */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  name: string;
  url: string;
  pool: Pool;
  /** Closes the pool and drops the database (call in afterAll). */
  drop(): Promise<void>;
}

export function databaseUrl(name: string): string {
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

async function withAdmin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

function templateName(): string {
  const dir = migrationsDir();
  const hash = createHash('sha256');
  for (const file of readdirSync(dir).sort()) hash.update(file).update(readFileSync(join(dir, file)));
  return `callqa_tpl_${hash.digest('hex').slice(0, 16)}`;
}

/** Creates (once, under an advisory lock) the migrated template database and returns its name. */
export async function ensureTemplate(): Promise<string> {
  const name = templateName();
  await withAdmin(async (admin) => {
    await admin.query(`SELECT pg_advisory_lock(hashtext('callqa.test.template'))`);
    try {
      const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
      if (rowCount) return;
      const building = `${name}_build_${randomBytes(3).toString('hex')}`;
      await admin.query(`CREATE DATABASE "${building}"`);
      try {
        await runMigrations(databaseUrl(building));
        await admin.query(`ALTER DATABASE "${building}" RENAME TO "${name}"`);
      } catch (err) {
        await admin.query(`DROP DATABASE IF EXISTS "${building}" WITH (FORCE)`);
        throw err;
      }
    } finally {
      await admin.query(`SELECT pg_advisory_unlock(hashtext('callqa.test.template'))`);
    }
  });
  return name;
}

/** Creates an empty database (no migrations), e.g. to test the migrations themselves. */
export async function createEmptyDatabase(prefix = 'callqa_test'): Promise<TestDatabase> {
  const name = `${prefix}_${randomBytes(5).toString('hex')}`;
  await withAdmin((admin) => admin.query(`CREATE DATABASE "${name}"`));
  return openTestDatabase(name);
}

/** Creates a migrated database for one test file from the template. */
export async function createTestDatabase(prefix = 'callqa_test'): Promise<TestDatabase> {
  const template = await ensureTemplate();
  const name = `${prefix}_${randomBytes(5).toString('hex')}`;
  await withAdmin((admin) => admin.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`));
  return openTestDatabase(name);
}

function openTestDatabase(name: string): TestDatabase {
  const url = databaseUrl(name);
  const pool = createPool(url, { max: 5 });
  return {
    name,
    url,
    pool,
    async drop() {
      await pool.end().catch(() => undefined);
      await withAdmin((admin) => admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
  };
}
