/**
 * API-key authentication for everything registered inside the plugin's scope (the `/v1` routes).
 * Keys arrive as `Authorization: Bearer <key>` or `X-API-Key`; core hashes (sha256) and looks them
 * up, and accepts the bootstrap key from config as admin while it is set. Routes declare the action they
 * need with `config: { action }`; a role without it gets 403.
 */
import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { can, presentedKey, type Action, type Principal } from '../../lib/principal.js';
import { forbidden, unauthorized } from '../../http-errors.js';

export interface AuthOptions {
  /** Resolves a presented key (or the bootstrap key) to a principal; core hashes and looks it up. */
  authenticate(key: string): Promise<Principal | undefined>;
}

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal;
  }
  interface FastifyContextConfig {
    /** What the route does, checked against the caller's role. */
    action?: Action;
  }
}

function authPlugin(fastify: FastifyInstance, opts: AuthOptions): void {
  fastify.decorateRequest('principal', null as unknown as Principal);

  async function authenticate(request: FastifyRequest): Promise<Principal> {
    const key = presentedKey(request.headers);
    if (key === undefined) throw unauthorized('missing API key (Authorization: Bearer <key> or X-API-Key)');
    const principal = await opts.authenticate(key);
    if (!principal) throw unauthorized('invalid or revoked API key');
    return principal;
  }

  fastify.addHook('onRequest', async (request) => {
    request.principal = await authenticate(request);
    request.log = request.log.child({ keyId: request.principal.keyId ?? 'bootstrap', role: request.principal.role });
    const action = request.routeOptions.config.action;
    if (action !== undefined && !can(request.principal, action)) {
      throw forbidden(`role ${request.principal.role}${request.principal.agencyId ? ' (agency-scoped)' : ''} may not ${action.replace(':', ' ')}`);
    }
  });
}

export default fp(authPlugin, { name: 'callqa-auth' });
