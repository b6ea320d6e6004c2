import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { CallqaError, ErrorCodes } from '../domain/errors.js';
import { API_ROLES, type ApiKey, type ApiKeysRepository, type ApiRole } from '../db/repositories/api-keys.repository.js';

/** sha256 (hex) of a key: what `api_keys.key_hash` stores. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** A new key: `cqa_` + 32 random bytes, base64url. */
export function generateApiKey(): string {
  return `cqa_${randomBytes(32).toString('base64url')}`;
}

/**
 * Creates an API key and returns it with its row; the key is shown once and only its hash is stored.
 * @throws CallqaError CONFIG_INVALID for an unknown role or an `agency` key without agency id.
 */
export async function createApiKey(keys: ApiKeysRepository, input: { role: string; agencyId?: string; name?: string }): Promise<{ key: string; apiKey: ApiKey }> {
  if (!(API_ROLES as readonly string[]).includes(input.role)) {
    throw new CallqaError(ErrorCodes.CONFIG_INVALID, `--role: unknown role "${input.role}" (expected ${API_ROLES.join(', ')})`, { input: 'role' });
  }
  const role = input.role as ApiRole;
  if (role === 'agency' && !input.agencyId) throw new CallqaError(ErrorCodes.CONFIG_INVALID, '--agency is required for an agency key', { input: 'agency' });
  const key = generateApiKey();
  const apiKey = await keys.insert({ name: input.name ?? `${role}${input.agencyId ? `-${input.agencyId}` : ''}`, role, agencyId: role === 'agency' ? (input.agencyId ?? null) : (input.agencyId ?? null), keyHash: hashApiKey(key) });
  return { key, apiKey };
}

export interface Principal {
  keyId: string | null;
  role: ApiRole;
  agencyId: string | null;
}

/** Resolves a presented key to its principal (the bootstrap key is an admin), or undefined. */
export async function authenticateApiKey(keys: ApiKeysRepository, key: string, bootstrapKey?: string): Promise<Principal | undefined> {
  const hash = hashApiKey(key);
  if (bootstrapKey && timingSafeEqual(Buffer.from(hash, 'hex'), Buffer.from(hashApiKey(bootstrapKey), 'hex'))) {
    return { keyId: null, role: 'admin', agencyId: null };
  }
  const found = await keys.findActiveByHash(hash);
  return found ? { keyId: found.id, role: found.role, agencyId: found.agencyId } : undefined;
}
