/**
 * The one error handler: maps every error to `{ error: { code, message } }` with the status of
 * `mapError`, logs 5xx with the stack (never sent), and answers unknown routes the same way.
 */
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { mapError, type ErrorBody } from '../../http-errors.js';
import { ErrorCodes } from '../../../core/domain/errors.js';

function errorHandlerPlugin(fastify: FastifyInstance): void {
  fastify.setErrorHandler((err, request, reply) => {
    const mapped = mapError(err);
    if (mapped.internal) {
      request.log.error({ err, code: mapped.body.error.code }, 'request failed');
    } else {
      request.log.info({ code: mapped.body.error.code, statusCode: mapped.statusCode, reason: (err as Error).message }, 'request rejected');
    }
    const body: ErrorBody = { error: { ...mapped.body.error, requestId: request.id } };
    if (reply.sent || reply.raw.headersSent) return;
    void reply.code(mapped.statusCode).headers(mapped.headers).type('application/json; charset=utf-8').send(body);
  });

  fastify.setNotFoundHandler((request, reply) => {
    const body: ErrorBody = { error: { code: ErrorCodes.NOT_FOUND, message: `route ${request.method} ${request.url.split('?')[0] ?? ''} not found`, requestId: request.id } };
    void reply.code(404).send(body);
  });
}

export default fp(errorHandlerPlugin, { name: 'callqa-error-handler' });
