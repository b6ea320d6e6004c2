import type { Queryable } from '../pool.js';

export const API_ROLES = ['admin', 'qa', 'supervisor', 'agency'] as const;
export type ApiRole = (typeof API_ROLES)[number];

export interface ApiKey {
  id: string;
  name: string;
  role: ApiRole;
  /** Set for (and only meaningful to) the `agency` role. */
  agencyId: string | null;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

interface Row {
  id: string;
  name: string;
  role: ApiRole;
  agency_id: string | null;
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

const toKey = (r: Row): ApiKey => ({
  id: r.id, name: r.name, role: r.role, agencyId: r.agency_id, createdAt: r.created_at.toISOString(),
  lastUsedAt: r.last_used_at?.toISOString() ?? null, revokedAt: r.revoked_at?.toISOString() ?? null,
});

/** API keys, stored as the sha256 of the key (the key itself is never stored). */
export function createApiKeysRepository(db: Queryable) {
  return {
    async insert(input: { name: string; role: ApiRole; agencyId: string | null; keyHash: string }): Promise<ApiKey> {
      const { rows } = await db.query<Row>(
        'INSERT INTO api_keys (name, role, agency_id, key_hash) VALUES ($1, $2, $3, $4) RETURNING *',
        [input.name, input.role, input.agencyId, input.keyHash],
      );
      return toKey(rows[0] as Row);
    },

    /** The unrevoked key with this hash; touches `last_used_at`. */
    async findActiveByHash(keyHash: string): Promise<ApiKey | undefined> {
      const { rows } = await db.query<Row>(
        'UPDATE api_keys SET last_used_at = now() WHERE key_hash = $1 AND revoked_at IS NULL RETURNING *',
        [keyHash],
      );
      return rows[0] ? toKey(rows[0]) : undefined;
    },

    async revoke(id: string): Promise<boolean> {
      const { rowCount } = await db.query('UPDATE api_keys SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL', [id]);
      return (rowCount ?? 0) > 0;
    },

    async list(): Promise<ApiKey[]> {
      const { rows } = await db.query<Row>('SELECT * FROM api_keys ORDER BY created_at');
      return rows.map(toKey);
    },
  };
}

export type ApiKeysRepository = ReturnType<typeof createApiKeysRepository>;
