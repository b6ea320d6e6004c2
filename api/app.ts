/**
 * The HTTP application as a plugin (no listen): external plugins, app plugins, then routes.
 * `createServer()` builds the Fastify instance with the house options (core's pino instance,
 * Ajv stripping unknown fields, request ids) and registers it; server.ts, `callqa serve` and the
 * tests all go through it.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Core } from '../core/index.js';
import { SseRegistry } from './lib/sse.js';
import multipartPlugin from './plugins/external/multipart.js';
import swaggerPlugin from './plugins/external/swagger.js';
import errorHandlerPlugin from './plugins/app/error-handler.js';
import metricsPlugin from './plugins/app/metrics.js';
import healthRoutes from './routes/health.js';
import v1Routes from './routes/v1/index.js';
import { collectServiceStats } from './lib/service-stats.js';

export interface AppOptions {
  core: Core;
  /** Version shown in the OpenAPI document. */
  version: string;
  /** SSE heartbeat interval. @defaultValue 15000 */
  sseHeartbeatMs?: number;
  /** Where uploads whose fields follow the file are spooled. @defaultValue `<dataDir>/tmp` */
  uploadTmpDir?: string;
  /** Close core when the app closes (server.ts: yes; tests sharing one core: no). @defaultValue true */
  closeCore?: boolean;
}

declare module 'fastify' {
  interface FastifyInstance {
    core: Core;
    sse: SseRegistry;
    appOptions: Readonly<AppOptions>;
  }
}

/** The application plugin: everything but the Fastify instance itself. */
async function appPlugin(fastify: FastifyInstance, opts: AppOptions): Promise<void> {
  fastify.decorate('core', opts.core);
  fastify.decorate('appOptions', Object.freeze({ ...opts, uploadTmpDir: opts.uploadTmpDir ?? join(opts.core.config.dataDir, 'tmp') }));
  fastify.decorate('sse', new SseRegistry());

  fastify.addHook('onSend', (request, reply, _payload, done) => {
    reply.header('x-request-id', request.id);
    done();
  });
  // Open event streams never end by themselves: end them first, or close() would wait forever.
  fastify.addHook('preClose', (done) => {
    fastify.sse.closeAll();
    done();
  });
  if (opts.closeCore ?? true) fastify.addHook('onClose', async () => opts.core.close());

  await fastify.register(errorHandlerPlugin);
  await fastify.register(multipartPlugin, { maxUploadBytes: opts.core.config.maxUploadBytes });
  await fastify.register(swaggerPlugin, { version: opts.version });
  await fastify.register(metricsPlugin, { collectStats: () => collectServiceStats(opts.core) });
  await fastify.register(healthRoutes);
  await fastify.register(v1Routes, { prefix: '/v1' });
}

export const app = fp(appPlugin, { name: 'callqa-app' });

const REQUEST_ID_RE = /^[A-Za-z0-9._:-]{1,128}$/;

/** Builds the Fastify instance with the house options and registers {@link app}. */
export async function createServer(opts: AppOptions): Promise<FastifyInstance> {
  const fastify = Fastify({
    loggerInstance: opts.core.logger,
    requestIdHeader: false,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID_RE.test(given) ? given : randomUUID();
    },
    ajv: { customOptions: { removeAdditional: 'all', coerceTypes: 'array', useDefaults: true, allErrors: false } },
    bodyLimit: 1024 * 1024,
    return503OnClosing: true,
  }).withTypeProvider<TypeBoxTypeProvider>();
  await fastify.register(app, opts);
  return fastify as unknown as FastifyInstance;
}
