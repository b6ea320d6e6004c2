/**
 * Liveness and readiness, without authentication (orchestrators probe them):
 * `/healthz` says the process serves requests; `/readyz` checks PostgreSQL and Redis and answers
 * 503 naming the dependency that is down.
 */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';

const HealthSchema = Type.Object({ status: Type.Literal('ok') });
const ReadySchema = Type.Object({
  status: Type.Enum(['ready', 'unavailable']),
  checks: Type.Object({ postgres: Type.Enum(['up', 'down']), redis: Type.Enum(['up', 'down']) }),
});

/** Resolves `up` if the probe settles in time, else `down`. */
async function probe(check: () => Promise<unknown>, timeoutMs: number): Promise<'up' | 'down'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'down'>((resolve) => {
    timer = setTimeout(() => resolve('down'), timeoutMs);
  });
  try {
    return await Promise.race([check().then(() => 'up' as const), timeout]);
  } catch {
    return 'down';
  } finally {
    clearTimeout(timer);
  }
}

export default function healthRoutes(fastify: FastifyInstance): void {
  fastify.get('/healthz', { schema: { tags: ['health'], security: [], response: { 200: HealthSchema } }, logLevel: 'warn' }, () => ({
    status: 'ok' as const,
  }));

  fastify.get('/readyz', { schema: { tags: ['health'], security: [], response: { 200: ReadySchema, 503: ReadySchema } }, logLevel: 'warn' }, async (_request, reply) => {
    const { health } = fastify.core;
    const [postgres, redis] = await Promise.all([probe(() => health.pingDatabase(), 2000), probe(() => health.pingRedis(), 2000)]);
    const ready = postgres === 'up' && redis === 'up';
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'unavailable', checks: { postgres, redis } });
  });
}
