/**
 * What a recording produced: transcript (contract section 3), report (section 4), findings, and
 * the audio itself, streamed with HTTP Range so a browser can seek.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type, type Static } from 'typebox';
import { authErrors, ErrorBodySchema, IdParamsSchema } from '../../schemas/common.js';
import { RecordingFindingsSchema, ReportSchema, TranscriptSchema } from '../../schemas/findings.js';
import { HttpError, HttpErrorCodes, notFound } from '../../http-errors.js';
import { parseRange } from '../../lib/http-range.js';
import { audioContentType } from '../../lib/dto.js';
import { buildReport, reportFinding } from '../../lib/report.js';
import { visibleRecording } from './recordings.js';

const read = { config: { action: 'recordings:read' as const } };

export default function recordingContentRoutes(instance: FastifyInstance): void {
  const fastify = instance.withTypeProvider<TypeBoxTypeProvider>();

  fastify.get(
    '/recordings/:id/transcript',
    { ...read, schema: { tags: ['recordings'], summary: 'Transcript (contract section 3)', params: IdParamsSchema, response: { 200: TranscriptSchema, 404: ErrorBodySchema, ...authErrors } } },
    async (request) => {
      const recording = await visibleRecording(fastify, request, request.params.id);
      const transcript = await fastify.core.repos.transcripts.get(recording.id);
      if (!transcript) throw notFound(`transcript of recording ${recording.id} (status ${recording.status})`);
      return {
        callId: recording.callId,
        durationMs: transcript.durationMs,
        segments: transcript.segments,
        ...(transcript.asrModel ? { asrModel: transcript.asrModel } : {}),
      };
    },
  );

  fastify.get(
    '/recordings/:id/report',
    { ...read, schema: { tags: ['recordings'], summary: 'Report (contract section 4)', params: IdParamsSchema, response: { 200: ReportSchema, 404: ErrorBodySchema, ...authErrors } } },
    async (request) => {
      const recording = await visibleRecording(fastify, request, request.params.id);
      const [current, transcript] = await Promise.all([
        fastify.core.repos.analyses.getCurrent(recording.id),
        fastify.core.repos.transcripts.get(recording.id),
      ]);
      if (!current || !transcript) throw notFound(`report of recording ${recording.id} (status ${recording.status})`);
      const report = buildReport(recording, transcript, current.analysis, current.findings, fastify.appOptions.version);
      return report as unknown as Static<typeof ReportSchema>;
    },
  );

  fastify.get(
    '/recordings/:id/findings',
    { ...read, schema: { tags: ['recordings'], summary: 'Current findings of one recording', params: IdParamsSchema, response: { 200: RecordingFindingsSchema, 404: ErrorBodySchema, ...authErrors } } },
    async (request) => {
      const recording = await visibleRecording(fastify, request, request.params.id);
      const current = await fastify.core.repos.analyses.getCurrent(recording.id);
      if (!current) throw notFound(`findings of recording ${recording.id} (status ${recording.status})`);
      return { recordingId: recording.id, items: current.findings.map(reportFinding) };
    },
  );

  fastify.get(
    '/recordings/:id/audio',
    {
      ...read,
      schema: {
        tags: ['recordings'],
        summary: 'The recording as uploaded; supports Range (206) for seeking',
        params: IdParamsSchema,
        headers: Type.Object({ range: Type.Optional(Type.String()) }),
        response: { 200: Type.Unknown(), 206: Type.Unknown(), 404: ErrorBodySchema, 416: ErrorBodySchema, ...authErrors },
      },
    },
    async (request, reply) => {
      const recording = await visibleRecording(fastify, request, request.params.id);
      const path = fastify.core.artifacts.resolve(recording.storagePath);
      const size = await stat(path).then(
        (s) => s.size,
        () => undefined,
      );
      if (size === undefined) throw notFound(`audio of recording ${recording.id}`);
      const range = parseRange(request.headers.range, size);
      void reply.header('accept-ranges', 'bytes').header('content-type', audioContentType(recording.storagePath)).header('cache-control', 'private, max-age=3600');
      if (range.kind === 'unsatisfiable') {
        throw new HttpError(416, HttpErrorCodes.RANGE_NOT_SATISFIABLE, `range "${request.headers.range ?? ''}" not satisfiable for ${size} bytes`, {
          headers: { 'content-range': `bytes */${size}`, 'accept-ranges': 'bytes' },
        });
      }
      if (range.kind === 'full') {
        return reply.code(200).header('content-length', size).send(createReadStream(path));
      }
      const { start, end } = range.range;
      return reply
        .code(206)
        .header('content-range', `bytes ${start}-${end}/${size}`)
        .header('content-length', end - start + 1)
        .send(createReadStream(path, { start, end }));
    },
  );
}
