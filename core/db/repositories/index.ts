import type { Queryable } from '../pool.js';
import { createAlertsRepository } from './alerts.repository.js';
import { createAnalysesRepository } from './analyses.repository.js';
import { createApiKeysRepository } from './api-keys.repository.js';
import { createBatchesRepository } from './batches.repository.js';
import { createRecordingsRepository } from './recordings.repository.js';
import { createServiceStatsRepository } from './service-stats.repository.js';
import { createStageRunsRepository } from './stage-runs.repository.js';
import { createTranscriptsRepository } from './transcripts.repository.js';

export * from './alerts.repository.js';
export * from './analyses.repository.js';
export * from './api-keys.repository.js';
export * from './batches.repository.js';
export * from './recordings.repository.js';
export * from './service-stats.repository.js';
export * from './stage-runs.repository.js';
export * from './transcripts.repository.js';

/** Every repository over one pool. */
export function createRepositories(db: Queryable) {
  return {
    recordings: createRecordingsRepository(db),
    transcripts: createTranscriptsRepository(db),
    analyses: createAnalysesRepository(db),
    stageRuns: createStageRunsRepository(db),
    apiKeys: createApiKeysRepository(db),
    alerts: createAlertsRepository(db),
    batches: createBatchesRepository(db),
    serviceStats: createServiceStatsRepository(db),
  };
}

export type Repositories = ReturnType<typeof createRepositories>;
