/** Batch summaries as JSON, or CSV with `?format=csv` / `Accept: text/csv`. Not for agency keys (cross-agency). */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { authErrors, ErrorBodySchema } from '../../schemas/common.js';
import { BatchSummaryQuerySchema, BatchSummarySchema } from '../../schemas/service.js';

export default function batchesRoutes(instance: FastifyInstance): void {
  const fastify = instance.withTypeProvider<TypeBoxTypeProvider>();

  fastify.get(
    '/batches/:id/summary',
    {
      config: { action: 'batches:read' },
      schema: {
        tags: ['batches'],
        summary: 'Batch summary: calls scored, failed (with reasons), findings by category and severity, per agent and agency',
        params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 200, description: 'batch id or name' }) }),
        querystring: BatchSummaryQuerySchema,
        response: { 200: BatchSummarySchema, 404: ErrorBodySchema, ...authErrors },
      },
    },
    async (request, reply) => {
      const { services } = fastify.core;
      const summary = await services.batchSummary(request.params.id);
      const wantsCsv = request.query.format === 'csv' || (request.query.format === undefined && /\btext\/csv\b/.test(request.headers.accept ?? ''));
      if (wantsCsv) {
        // The CSV bypasses the JSON response schema (raw write of a string body).
        return reply
          .serializer((payload) => payload as string)
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="batch-${summary.batch.name.replace(/[^A-Za-z0-9._-]/g, '_')}.csv"`)
          .send(services.batchSummaryCsv(summary) as unknown as typeof summary);
      }
      return summary;
    },
  );
}
