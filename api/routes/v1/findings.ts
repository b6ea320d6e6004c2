/** Findings across recordings, filtered by agent, agency, category, severity, date and score. */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { authErrors } from '../../schemas/common.js';
import { FindingListQuerySchema, FindingPageSchema } from '../../schemas/findings.js';
import { findingDto } from '../../lib/dto.js';
import { agencyFilter } from './recordings.js';

export default function findingsRoutes(instance: FastifyInstance): void {
  const fastify = instance.withTypeProvider<TypeBoxTypeProvider>();

  fastify.get(
    '/findings',
    {
      config: { action: 'recordings:read' },
      schema: { tags: ['findings'], summary: 'List current findings', querystring: FindingListQuerySchema, response: { 200: FindingPageSchema, ...authErrors } },
    },
    async (request) => {
      const q = request.query;
      const limit = q.limit ?? 50;
      const offset = q.offset ?? 0;
      const page = await fastify.core.repos.analyses.listFindings({
        agentId: q.agentId,
        agencyId: agencyFilter(request, q.agencyId),
        category: q.category,
        severity: q.severity,
        from: q.from,
        to: q.to,
        minScore: q.minScore,
        maxScore: q.maxScore,
        limit,
        offset,
      });
      return { items: page.items.map(findingDto), total: page.total, limit, offset };
    },
  );
}
