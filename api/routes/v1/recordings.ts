/**
 * Recordings: upload (streamed multipart → core ingest), list with filters, status view.
 * Agency-scoped keys only ever see their agency's recordings; another agency's id is a 404.
 */
import { join } from 'node:path';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { authErrors, ErrorBodySchema, IdParamsSchema } from '../../schemas/common.js';
import { RecordingDetailSchema, RecordingListQuerySchema, RecordingPageSchema, UploadAcceptedSchema } from '../../schemas/recordings.js';
import { canSeeAgency, scopedAgency } from '../../lib/principal.js';
import { forbidden, notFound } from '../../http-errors.js';
import { recordingDetailDto, recordingDto } from '../../lib/dto.js';
import { receiveUpload } from '../../lib/upload.js';
import type { Recording } from '../../../core/index.js';

/** Loads a recording the caller may see, or throws 404 (also for another agency's recording). */
export async function visibleRecording(fastify: FastifyInstance, request: FastifyRequest, id: string): Promise<Recording> {
  const recording = await fastify.core.repos.recordings.findById(id);
  if (!recording || !canSeeAgency(request.principal, recording.agencyId)) throw notFound(`recording ${id}`);
  return recording;
}

/** The agency filter of a list request, or 403 when a scoped key asks for another agency. */
export function agencyFilter(request: FastifyRequest, requested: string | undefined): string | undefined {
  const agency = scopedAgency(request.principal, requested);
  if (agency === null) throw forbidden(`this key may only read agency ${request.principal.agencyId ?? ''}`);
  return agency;
}

export default function recordingsRoutes(instance: FastifyInstance): void {
  const fastify = instance.withTypeProvider<TypeBoxTypeProvider>();

  fastify.post(
    '/recordings',
    {
      config: { action: 'recordings:upload' },
      schema: {
        tags: ['recordings'],
        summary: 'Upload a recording (multipart: meta, priority, then file)',
        description:
          'multipart/form-data with a `file` part (audio; checked by decoding), an optional `meta` field (JSON, contract section 2) and an optional `priority` field (`realtime`, the default, or `batch`). Send the fields before the file to stream it straight through. 202 for a new recording, 200 when identical content is already stored (not reprocessed).',
        consumes: ['multipart/form-data'],
        response: { 200: UploadAcceptedSchema, 202: UploadAcceptedSchema, ...authErrors, 413: ErrorBodySchema, 415: ErrorBodySchema, 422: ErrorBodySchema },
      },
    },
    async (request, reply) => {
      const { services } = fastify.core;
      const tmpDir = fastify.appOptions.uploadTmpDir ?? join(fastify.core.config.dataDir, 'tmp');
      const { recording, duplicate } = await receiveUpload(request, request.principal, tmpDir, (input) => services.ingestRecording(input));
      request.log.info({ recordingId: recording.id, duplicate }, 'upload answered');
      return reply.code(duplicate ? 200 : 202).send({ id: recording.id, status: recording.status, duplicate });
    },
  );

  fastify.get(
    '/recordings',
    {
      config: { action: 'recordings:read' },
      schema: { tags: ['recordings'], summary: 'List recordings, newest first', querystring: RecordingListQuerySchema, response: { 200: RecordingPageSchema, ...authErrors } },
    },
    async (request) => {
      const q = request.query;
      const limit = q.limit ?? 50;
      const offset = q.offset ?? 0;
      const page = await fastify.core.repos.recordings.list({
        agentId: q.agentId,
        agencyId: agencyFilter(request, q.agencyId),
        status: q.status,
        batchId: q.batchId,
        from: q.from,
        to: q.to,
        minScore: q.minScore,
        maxScore: q.maxScore,
        limit,
        offset,
      });
      return { items: page.items.map(recordingDto), total: page.total, limit, offset };
    },
  );

  fastify.get(
    '/recordings/:id',
    {
      config: { action: 'recordings:read' },
      schema: {
        tags: ['recordings'],
        summary: 'Status, stage runs and errors, score',
        params: IdParamsSchema,
        response: { 200: RecordingDetailSchema, 404: ErrorBodySchema, ...authErrors },
      },
    },
    async (request) => {
      const recording = await visibleRecording(fastify, request, request.params.id);
      const stages = await fastify.core.repos.stageRuns.list(recording.id);
      return recordingDetailDto(recording, stages);
    },
  );
}

