import type { Queryable } from '../pool.js';

export interface Batch {
  id: string;
  name: string;
  manifest: string | null;
  createdAt: string;
}

interface Row {
  id: string;
  name: string;
  manifest: string | null;
  created_at: Date;
}

const toBatch = (r: Row): Batch => ({ id: r.id, name: r.name, manifest: r.manifest, createdAt: r.created_at.toISOString() });

/** Named batches of recordings (overnight enqueue runs). */
export function createBatchesRepository(db: Queryable) {
  return {
    /** Returns the batch with this name, creating it if needed. */
    async ensure(name: string, manifest: string | null = null): Promise<Batch> {
      const { rows } = await db.query<Row>(
        `INSERT INTO batches (name, manifest) VALUES ($1, $2)
         ON CONFLICT (name) DO UPDATE SET manifest = COALESCE(EXCLUDED.manifest, batches.manifest) RETURNING *`,
        [name, manifest],
      );
      return toBatch(rows[0] as Row);
    },

    async findByName(name: string): Promise<Batch | undefined> {
      const { rows } = await db.query<Row>('SELECT * FROM batches WHERE name = $1', [name]);
      return rows[0] ? toBatch(rows[0]) : undefined;
    },

    async list(): Promise<Batch[]> {
      const { rows } = await db.query<Row>('SELECT * FROM batches ORDER BY created_at DESC');
      return rows.map(toBatch);
    },
  };
}

export type BatchesRepository = ReturnType<typeof createBatchesRepository>;
