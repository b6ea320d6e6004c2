/**
 * Supervisor alerts over Server-Sent Events. Each event is `event: alert`, `id: <alert id>`,
 * `data: <Alert JSON>`. Agency-scoped keys receive their agency's alerts only. A client that
 * reconnects with `Last-Event-ID` (or `?lastEventId=`) first gets what it missed from the alerts
 * table, then live alerts, without gaps or repeats (core's alert hub does the catch-up and the
 * de-duplication by id).
 */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { authErrors } from '../../schemas/common.js';
import { AlertStreamQuerySchema } from '../../schemas/service.js';
import { HttpError, HttpErrorCodes } from '../../http-errors.js';
import type { Alert } from '../../../core/index.js';
import { CallqaError, ErrorCodes } from '../../../core/domain/errors.js';
import type { SseStream } from '../../lib/sse.js';

const SUBSCRIBE_TIMEOUT_MS = 5_000;

async function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new CallqaError(ErrorCodes.UNAVAILABLE, 'alert events unavailable (subscribe timed out)')), ms);
  });
  try {
    return await Promise.race([p, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function lastEventId(header: string | string[] | undefined, query: number | undefined): number | undefined {
  const raw = Array.isArray(header) ? header[0] : header;
  if (raw === undefined || raw.trim() === '') return query;
  const id = Number(raw.trim());
  if (!Number.isSafeInteger(id) || id < 0) {
    throw new HttpError(400, HttpErrorCodes.VALIDATION, 'Last-Event-ID must be a non-negative integer', { details: [{ field: 'headers.last-event-id', message: 'expected an alert id' }] });
  }
  return id;
}

export function alertEventData(a: Alert): Record<string, unknown> {
  return {
    id: a.id,
    recordingId: a.recordingId,
    findingId: a.findingId,
    category: a.category,
    severity: a.severity,
    agencyId: a.agencyId,
    agentId: a.agentId,
    createdAt: a.createdAt,
    payload: a.payload,
  };
}

export default function alertsRoutes(instance: FastifyInstance): void {
  const fastify = instance.withTypeProvider<TypeBoxTypeProvider>();

  fastify.get(
    '/alerts/stream',
    {
      config: { action: 'alerts:stream' },
      schema: {
        tags: ['alerts'],
        summary: 'Alert stream (text/event-stream); resumable with Last-Event-ID',
        description: 'Events: `alert` with the Alert object as data (see the Alert schema). Comments `: ping` are heartbeats.',
        querystring: AlertStreamQuerySchema,
        headers: Type.Object({ 'last-event-id': Type.Optional(Type.String()) }),
        response: { 200: Type.String({ description: 'text/event-stream' }), ...authErrors },
      },
    },
    async (request, reply) => {
      const { events } = fastify.core;
      const agencyId = request.principal.agencyId ?? undefined;
      const afterId = lastEventId(request.headers['last-event-id'], request.query.lastEventId);

      // Core replays what the client missed (from PostgreSQL) during subscribe, then live alerts,
      // each once. Hold them until the stream is open.
      const sink: { stream?: SseStream } = {};
      const early: Alert[] = [];
      const send = (alert: Alert): void => {
        if (sink.stream) sink.stream.send({ id: alert.id, event: 'alert', data: alertEventData(alert) });
        else early.push(alert);
      };
      // Subscribe before answering: if Redis or PostgreSQL is down the client gets a 503, not a dead stream.
      const pending = events.subscribeAlerts({ ...(afterId !== undefined ? { afterId } : {}), ...(agencyId !== undefined ? { agencyId } : {}) }, send);
      let unsubscribe: () => void;
      try {
        unsubscribe = await withTimeout(pending, SUBSCRIBE_TIMEOUT_MS);
      } catch (err) {
        // A subscription that completes after we gave up must not leak.
        pending.then((stop) => stop(), () => undefined);
        throw err;
      }
      if (request.raw.destroyed) {
        unsubscribe();
        return;
      }
      reply.hijack();
      const open = fastify.sse.open(reply.raw, { heartbeatMs: fastify.appOptions.sseHeartbeatMs ?? 15_000 });
      // Flush what arrived during catch-up first; later alerts go straight to the stream.
      for (const alert of early.splice(0)) open.send({ id: alert.id, event: 'alert', data: alertEventData(alert) });
      sink.stream = open;
      open.onClose(() => {
        unsubscribe();
        request.log.info('alert stream closed');
      });
      request.log.info({ afterId, agencyId }, 'alert stream opened');
    },
  );
}
