/** The versioned API: every route in here requires an API key (see plugins/app/auth.ts). */
import type { FastifyInstance } from 'fastify';
import authPlugin from '../../plugins/app/auth.js';
import recordingsRoutes from './recordings.js';
import recordingContentRoutes from './recording-content.js';
import findingsRoutes from './findings.js';
import batchesRoutes from './batches.js';
import alertsRoutes from './alerts.js';
import keysRoutes from './keys.js';

export default async function v1Routes(fastify: FastifyInstance): Promise<void> {
  const { services } = fastify.core;
  await fastify.register(authPlugin, { authenticate: (key) => services.authenticate(key) });
  await fastify.register(recordingsRoutes);
  await fastify.register(recordingContentRoutes);
  await fastify.register(findingsRoutes);
  await fastify.register(batchesRoutes);
  await fastify.register(alertsRoutes);
  await fastify.register(keysRoutes);
}
