/**
 * The OpenAPI document, built from the route schemas: JSON at `/openapi.json`, the UI at `/docs`.
 * Both are public (they describe the API, they expose no data).
 */
import fp from 'fastify-plugin';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';

export interface SwaggerOptions {
  version: string;
}

async function swaggerPlugin(fastify: FastifyInstance, opts: SwaggerOptions): Promise<void> {
  await fastify.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'callqa API',
        description: 'Speech analytics and script compliance for Mandarin debt-collection calls. Errors: `{ error: { code, message } }`.',
        version: opts.version,
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'API key' },
          apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
        },
      },
      security: [{ bearer: [] }, { apiKey: [] }],
      tags: [
        { name: 'recordings' },
        { name: 'findings' },
        { name: 'batches' },
        { name: 'alerts' },
        { name: 'keys' },
        { name: 'health' },
      ],
    },
  });
  await fastify.register(swaggerUi, { routePrefix: '/docs', staticCSP: true });
  fastify.get('/openapi.json', { schema: { hide: true } }, (_request, reply) => {
    void reply.send(fastify.swagger());
  });
}

export default fp(swaggerPlugin, { name: 'callqa-swagger' });
