/** Reads the service-wide figures `/metrics` reports (queues from Redis, processing from PostgreSQL). */
import type { Core } from '../../core/index.js';
import type { ServiceStats } from '../plugins/app/metrics.js';

export async function collectServiceStats(core: Core): Promise<ServiceStats> {
  const [counts, processing] = await Promise.all([core.queues.counts(), core.repos.serviceStats.processing()]);
  const queues = Object.entries(counts).flatMap(([queue, byState]) =>
    Object.entries(byState).map(([state, count]) => ({ queue, state, count: Number(count) })),
  );
  return { queues, ...processing };
}
