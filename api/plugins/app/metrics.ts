/**
 * Prometheus metrics at `/metrics` (prom-client, one registry per app instance). HTTP durations
 * are observed here; queue depths and processing figures are read from core at scrape time, so
 * every API replica reports the same service-wide numbers (job durations, audio processed and
 * failures come from the `stage_runs`/`transcripts` tables that all workers write).
 */
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Service-wide figures read at scrape time. */
export interface ServiceStats {
  queues: { queue: string; state: string; count: number }[];
  /** Completed stage runs: cumulative counts per upper bound (ms), total count and sum. */
  stageDurations: { stage: string; buckets: { leMs: number; count: number }[]; count: number; sumMs: number }[];
  /** Sum of the durations of every transcribed recording. */
  audioMsProcessed: number;
  /** Failed stage runs by stage and error code. */
  failures: { stage: string; code: string; count: number }[];
}

export interface MetricsOptions {
  collectStats(): Promise<ServiceStats>;
}

const EMPTY_STATS: ServiceStats = { queues: [], stageDurations: [], audioMsProcessed: 0, failures: [] };

interface CustomValue {
  labels?: Record<string, string | number>;
  value: number;
  metricName?: string;
}

/** A metric whose values are computed at scrape time (prom-client's Metric duck type). */
function scrapeMetric(name: string, help: string, type: 'gauge' | 'counter' | 'histogram', values: () => Promise<CustomValue[]>) {
  return {
    name,
    help,
    type,
    aggregator: 'sum' as const,
    async get() {
      return { name, help, type, aggregator: 'sum' as const, values: await values() };
    },
    reset() {},
  };
}

function metricsPlugin(fastify: FastifyInstance, opts: MetricsOptions): void {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'callqa_api_' });
  const http = new Histogram({
    name: 'callqa_http_request_duration_seconds',
    help: 'HTTP request durations by method, route and status',
    labelNames: ['method', 'route', 'status_code'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });

  // One stats read per scrape, shared by the metrics below.
  // A dependency being down must not break the scrape: report it through callqa_stats_up.
  let pending: Promise<ServiceStats> | undefined;
  let statsUp = 1;
  const stats = (): Promise<ServiceStats> => {
    pending ??= opts
      .collectStats()
      .then((s) => {
        statsUp = 1;
        return s;
      })
      .catch((err: unknown) => {
        statsUp = 0;
        fastify.log.warn({ err }, 'metrics: cannot read service stats');
        return EMPTY_STATS;
      })
      .finally(() => {
      setImmediate(() => (pending = undefined));
    });
    return pending;
  };

  const metrics = [
    scrapeMetric('callqa_stats_up', '1 when queue and database figures could be read at this scrape', 'gauge', async () => {
      await stats();
      return [{ value: statsUp }];
    }),
    scrapeMetric('callqa_queue_jobs', 'Jobs per queue and state', 'gauge', async () =>
      (await stats()).queues.map((q) => ({ labels: { queue: q.queue, state: q.state }, value: q.count })),
    ),
    scrapeMetric('callqa_job_duration_seconds', 'Durations of completed pipeline stages (transcribe, analyze)', 'histogram', async () =>
      (await stats()).stageDurations.flatMap((s): CustomValue[] => [
        ...s.buckets.map((b) => ({ metricName: 'callqa_job_duration_seconds_bucket', labels: { stage: s.stage, le: b.leMs / 1000 }, value: b.count })),
        { metricName: 'callqa_job_duration_seconds_bucket', labels: { stage: s.stage, le: '+Inf' }, value: s.count },
        { metricName: 'callqa_job_duration_seconds_sum', labels: { stage: s.stage }, value: s.sumMs / 1000 },
        { metricName: 'callqa_job_duration_seconds_count', labels: { stage: s.stage }, value: s.count },
      ]),
    ),
    scrapeMetric('callqa_audio_processed_seconds', 'Seconds of audio transcribed', 'counter', async () => [
      { value: (await stats()).audioMsProcessed / 1000 },
    ]),
    scrapeMetric('callqa_job_failures', 'Failed pipeline stages by error code', 'counter', async () =>
      (await stats()).failures.map((f) => ({ labels: { stage: f.stage, code: f.code }, value: f.count })),
    ),
  ];
  for (const m of metrics) registry.registerMetric(m as unknown as Parameters<Registry['registerMetric']>[0]);

  fastify.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    http.observe({ method: request.method, route, status_code: reply.statusCode }, reply.elapsedTime / 1000);
    done();
  });

  fastify.get('/metrics', { schema: { hide: true }, logLevel: 'warn' }, async (_request, reply) => {
    const body = await registry.metrics();
    return reply.type(registry.contentType).send(body);
  });
}

export default fp(metricsPlugin, { name: 'callqa-metrics' });
