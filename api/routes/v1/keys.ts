/** API keys (admin only): create (the secret is shown once), list, revoke. */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { authErrors, ErrorBodySchema, IdParamsSchema } from '../../schemas/common.js';
import { ApiKeySchema, CreatedKeySchema, CreateKeyBodySchema } from '../../schemas/service.js';
import { HttpError, HttpErrorCodes, notFound } from '../../http-errors.js';
import type { ApiKey } from '../../../core/index.js';
import type { ApiKeyDto } from '../../schemas/service.js';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const admin = { config: { action: 'keys:manage' as const } };

function keyDto(k: ApiKey): ApiKeyDto {
  return { id: k.id, name: k.name, role: k.role, agencyId: k.agencyId, createdAt: k.createdAt, lastUsedAt: k.lastUsedAt, revokedAt: k.revokedAt };
}

export default function keysRoutes(instance: FastifyInstance): void {
  const fastify = instance.withTypeProvider<TypeBoxTypeProvider>();

  fastify.post(
    '/keys',
    { ...admin, schema: { tags: ['keys'], summary: 'Create an API key', body: CreateKeyBodySchema, response: { 201: CreatedKeySchema, ...authErrors } } },
    async (request, reply) => {
      const { name, role, agencyId } = request.body;
      if (role === 'agency' && agencyId === undefined) {
        throw new HttpError(400, HttpErrorCodes.VALIDATION, 'an agency key needs an agencyId', { details: [{ field: 'body.agencyId', message: 'required for role agency' }] });
      }
      const { key, apiKey } = await fastify.core.services.createApiKey({ name, role, ...(agencyId !== undefined ? { agencyId } : {}) });
      request.log.info({ createdKeyId: apiKey.id, createdRole: role }, 'api key created');
      return reply.code(201).send({ ...keyDto(apiKey), key });
    },
  );

  fastify.get(
    '/keys',
    { ...admin, schema: { tags: ['keys'], summary: 'List API keys (never the secrets)', response: { 200: Type.Object({ items: Type.Array(ApiKeySchema) }), ...authErrors } } },
    async () => ({ items: (await fastify.core.repos.apiKeys.list()).map(keyDto) }),
  );

  fastify.delete(
    '/keys/:id',
    {
      ...admin,
      schema: { tags: ['keys'], summary: 'Revoke an API key (effective at once)', params: IdParamsSchema, response: { 204: Type.Null({ description: 'revoked' }), 404: ErrorBodySchema, ...authErrors } },
    },
    async (request, reply) => {
      const id = request.params.id;
      const revoked = UUID_RE.test(id) && (await fastify.core.repos.apiKeys.revoke(id));
      if (!revoked) throw notFound(`active api key ${id}`);
      request.log.info({ revokedKeyId: id }, 'api key revoked');
      return reply.code(204).send(null);
    },
  );
}
