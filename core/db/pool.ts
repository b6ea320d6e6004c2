import pg from 'pg';
import { CallqaError, ErrorCodes } from '../domain/errors.js';

export type Pool = pg.Pool;
export type PoolClient = pg.PoolClient;
/** Anything that can run a query: the pool, or a client inside a transaction. */
export type Queryable = Pick<pg.Pool, 'query'> | pg.PoolClient;

export interface PoolOptions {
  /** @defaultValue 10 */
  max?: number;
  /** Fail a connection attempt after this long, so a down database is an error, not a hang. @defaultValue 5000 */
  connectionTimeoutMs?: number;
  applicationName?: string;
}

// int8 (bigserial ids, counts) as JS numbers: our ids stay far below 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));
// numeric (yuan amounts) as numbers.
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (value) => Number(value));

/** Creates a pg Pool for a `postgres://` URL. */
export function createPool(databaseUrl: string, opts: PoolOptions = {}): Pool {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: opts.max ?? 10,
    connectionTimeoutMillis: opts.connectionTimeoutMs ?? 5000,
    application_name: opts.applicationName ?? 'callqa',
  });
  // An idle client losing its connection must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  return pool;
}

/**
 * Runs `fn` inside one transaction (BEGIN … COMMIT, ROLLBACK on any error) on a dedicated client.
 * Every multi-row write in callqa goes through here.
 */
export async function withTransaction<T>(pool: Pool, fn: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await connect(pool);
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

async function connect(pool: Pool): Promise<PoolClient> {
  try {
    return await pool.connect();
  } catch (cause) {
    throw new CallqaError(ErrorCodes.UNAVAILABLE, `database unavailable: ${(cause as Error).message}`, { cause });
  }
}

/** Pings the database (readiness checks). */
export async function pingDatabase(db: Queryable): Promise<void> {
  await db.query('SELECT 1');
}
