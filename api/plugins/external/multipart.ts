/**
 * Streamed multipart uploads. The file size limit comes from config (`CALLQA_MAX_UPLOAD_MB`);
 * exceeding it makes the file stream fail with `FST_REQ_FILE_TOO_LARGE` (→ 413). Fields are few
 * and small: the metadata JSON and the priority.
 */
import fp from 'fastify-plugin';
import multipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';

export interface MultipartOptions {
  maxUploadBytes: number;
}

async function multipartPlugin(fastify: FastifyInstance, opts: MultipartOptions): Promise<void> {
  await fastify.register(multipart, {
    throwFileSizeLimit: true,
    limits: { fileSize: opts.maxUploadBytes, files: 1, fields: 10, fieldSize: 64 * 1024, parts: 12, headerPairs: 100 },
  });
}

export default fp(multipartPlugin, { name: 'callqa-multipart' });
