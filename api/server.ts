/**
 * Entry point of the API process: config from the environment → core → app → listen, with
 * graceful shutdown on SIGINT/SIGTERM (stop listening, end SSE streams, close core).
 * `callqa serve` does the same through cli/commands/serve.ts.
 */
import { startApiServer } from './start.js';

await startApiServer(process.env);
