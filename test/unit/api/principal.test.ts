import { describe, expect, it } from 'vitest';
import { can, canSeeAgency, presentedKey, scopedAgency, type Principal } from '../../../api/lib/principal.js';

const admin: Principal = { keyId: 'a', role: 'admin', agencyId: null };
const supervisor: Principal = { keyId: 's', role: 'supervisor', agencyId: null };
const agencyA: Principal = { keyId: 'g', role: 'agency', agencyId: 'agency-a' };

describe('principal', () => {
  it('reads Bearer or X-API-Key', () => {
    expect(presentedKey({ authorization: 'Bearer abc' })).toBe('abc');
    expect(presentedKey({ authorization: 'bearer  abc ' })).toBe('abc');
    expect(presentedKey({ 'x-api-key': 'k1' })).toBe('k1');
    expect(presentedKey({ authorization: 'Basic Zm9v' })).toBeUndefined();
    expect(presentedKey({})).toBeUndefined();
  });
  it('gives keys management to admins only and uploads not to supervisors', () => {
    expect(can(admin, 'keys:manage')).toBe(true);
    expect(can(supervisor, 'keys:manage')).toBe(false);
    expect(can(supervisor, 'recordings:upload')).toBe(false);
    expect(can(agencyA, 'recordings:upload')).toBe(true);
    expect(can(agencyA, 'batches:read')).toBe(false);
    expect(can(supervisor, 'alerts:stream')).toBe(true);
  });
  it('scopes agency keys to their agency', () => {
    expect(scopedAgency(admin, undefined)).toBeUndefined();
    expect(scopedAgency(admin, 'x')).toBe('x');
    expect(scopedAgency(agencyA, undefined)).toBe('agency-a');
    expect(scopedAgency(agencyA, 'agency-a')).toBe('agency-a');
    expect(scopedAgency(agencyA, 'agency-b')).toBeNull();
    expect(canSeeAgency(agencyA, 'agency-b')).toBe(false);
    expect(canSeeAgency(agencyA, null)).toBe(false);
    expect(canSeeAgency(admin, 'agency-b')).toBe(true);
  });
});
