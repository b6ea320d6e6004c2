/** `callqa serve`: the HTTP API, configured by environment (see .env.example). */
import type { Command } from 'commander';

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('run the HTTP API (env: DATABASE_URL, REDIS_URL, HOST, PORT, CALLQA_DATA_DIR, CALLQA_MAX_UPLOAD_MB, CALLQA_BOOTSTRAP_KEY, CALLQA_MIGRATE_ON_START)')
    .action(async () => {
      const { startApiServer } = await import('../../api/start.js');
      const { address, server } = await startApiServer(process.env);
      server.log.info({ address }, 'callqa API listening');
    });
}
