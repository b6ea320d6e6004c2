/**
 * The authorisation model, as pure functions: how a presented key is read, which role may do
 * what, and how an agency scope narrows reads. Keys are hashed and looked up by core
 * (`services.authenticate`); the auth plugin wires both to requests. A principal with an
 * `agencyId` (always for role `agency`) is limited to that agency's data.
 */
import type { Principal } from '../../core/index.js';

export type { Principal };

export const ROLES = ['admin', 'qa', 'supervisor', 'agency'] as const;
export type Role = (typeof ROLES)[number];

export const ACTIONS = ['recordings:upload', 'recordings:read', 'batches:read', 'alerts:stream', 'keys:manage'] as const;
export type Action = (typeof ACTIONS)[number];

/**
 * Role → allowed actions. Supervisors watch and read; QA inspectors also upload; agencies upload
 * and read only their own calls; only admins manage keys. Batch summaries aggregate across
 * agencies, so agency keys may not read them.
 */
const PERMISSIONS: Record<Action, readonly Role[]> = {
  'recordings:upload': ['admin', 'qa', 'agency'],
  'recordings:read': ['admin', 'qa', 'supervisor', 'agency'],
  'batches:read': ['admin', 'qa', 'supervisor'],
  'alerts:stream': ['admin', 'qa', 'supervisor', 'agency'],
  'keys:manage': ['admin'],
};

export function can(principal: Principal, action: Action): boolean {
  if (action === 'batches:read' && principal.agencyId !== null) return false;
  return PERMISSIONS[action].includes(principal.role);
}

/** The key a request presents: `Authorization: Bearer <key>` or `X-API-Key: <key>`. */
export function presentedKey(headers: Record<string, string | string[] | undefined>): string | undefined {
  const auth = headers.authorization;
  if (typeof auth === 'string') {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(auth);
    if (m?.[1]) return m[1];
  }
  const apiKey = headers['x-api-key'];
  if (typeof apiKey === 'string' && apiKey.trim() !== '') return apiKey.trim();
  return undefined;
}

/**
 * The agency a list query may cover. Unscoped principals get what they asked for (or all);
 * scoped principals get their own agency, and asking for another one is refused (`null`).
 */
export function scopedAgency(principal: Principal, requested: string | undefined): string | undefined | null {
  if (principal.agencyId === null) return requested;
  if (requested !== undefined && requested !== principal.agencyId) return null;
  return principal.agencyId;
}

/** Whether a principal may see a record of the given agency (otherwise the API answers 404). */
export function canSeeAgency(principal: Principal, agencyId: string | null | undefined): boolean {
  return principal.agencyId === null || principal.agencyId === agencyId;
}
