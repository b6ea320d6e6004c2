/**
 * Sandboxed processor of the `transcribe` queue (BullMQ runs it in a forked child, reused between
 * jobs). Core, and with it the Whisper model, is created once per child on the first job. The
 * configuration comes from the environment the parent passes (`configToEnv`).
 */
import type { SandboxedJob } from 'bullmq';
import { createCore, createLogger, loadServiceConfig, parseStageJob, type Core, type TranscribeStageResult } from '../core/index.js';
import { attemptOf, runJob } from './run-job.js';

let core: Promise<Core> | undefined;

function getCore(): Promise<Core> {
  core ??= (() => {
    const config = loadServiceConfig(process.env);
    return createCore(config, { redisRole: 'worker', poolMax: 2, logger: createLogger({ level: config.logLevel, base: { service: 'transcriber' } }) });
  })();
  return core;
}

// If the parent worker dies (SIGKILL), stop at once: the job's lock expires and another worker
// retries it; an orphan must not keep writing.
process.on('disconnect', () => process.exit(1));

export default async function transcribeProcessor(job: SandboxedJob): Promise<TranscribeStageResult> {
  const c = await getCore();
  const payload = parseStageJob(job.data, job.id);
  return runJob(() =>
    c.services.runTranscribeStage(payload, attemptOf(job), {
      onProgress: (fraction) => {
        job.updateProgress(Math.round(fraction * 100)).catch(() => undefined);
      },
    }),
  );
}
