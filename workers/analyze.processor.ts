import type { Job } from 'bullmq';
import { parseStageJob, type Core } from '../core/index.js';
import { attemptOf, runJob } from './run-job.js';

/** In-process processor of the `analyze` queue (cheap: rules + persistence + alerts). */
export function createAnalyzeProcessor(core: Core) {
  return async (job: Job): Promise<{ analysisId: string; findings: number; alerts: number; created: boolean }> => {
    const payload = parseStageJob(job.data, job.id);
    const out = await runJob(() => core.services.runAnalyzeStage(payload, attemptOf(job)));
    return { analysisId: out.analysis.id, findings: out.findings.length, alerts: out.alerts.length, created: out.created };
  };
}
