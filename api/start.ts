/** Starting and stopping the API process (used by server.ts and `callqa serve`). */
import closeWithGrace from 'close-with-grace';
import type { FastifyInstance } from 'fastify';
import { createCore, loadServiceConfig, runMigrations } from '../core/index.js';
import { createServer } from './app.js';
import { packageVersion } from '../core/index.js';

export interface StartedApi {
  server: FastifyInstance;
  /** The address listened on, e.g. `http://127.0.0.1:3000`. */
  address: string;
}

/**
 * Validates the environment, optionally migrates (`CALLQA_MIGRATE_ON_START`), builds core and the
 * app, listens on HOST:PORT and installs close-with-grace.
 */
export async function startApiServer(env: Record<string, string | undefined>, opts: { graceMs?: number } = {}): Promise<StartedApi> {
  const config = loadServiceConfig(env);
  if (config.migrateOnStart) await runMigrations(config.databaseUrl);
  const core = await createCore(config);
  const server = await createServer({
    core,
    version: packageVersion(),
  });
  closeWithGrace({ delay: opts.graceMs ?? 10_000 }, async ({ signal, err }) => {
    if (err) server.log.error({ err }, 'shutting down after an error');
    else server.log.info({ signal }, 'shutting down');
    await server.close();
  });
  const address = await server.listen({ host: config.host, port: config.port });
  return { server, address };
}
