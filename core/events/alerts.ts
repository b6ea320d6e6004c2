import { QueueEvents, QueueEventsProducer } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Alert, AlertsRepository } from '../db/repositories/alerts.repository.js';
import { ALERTS_CHANNEL } from '../queue/jobs.js';

/** Event name on the alerts stream; the event carries the alert id only (content stays in PostgreSQL). */
const ALERT_EVENT = 'alert';
/** Stream length kept in Redis (BullMQ trims approximately). Older alerts are read from PostgreSQL. */
const STREAM_MAX_EVENTS = 10_000;

/** Publishes alert ids on a Redis stream (BullMQ `QueueEventsProducer` custom events). */
export function createAlertPublisher(opts: { connection: Redis; prefix: string }) {
  let producer: QueueEventsProducer | undefined;
  return {
    async publish(alerts: readonly Pick<Alert, 'id'>[]): Promise<void> {
      producer ??= new QueueEventsProducer(ALERTS_CHANNEL, { connection: opts.connection, prefix: opts.prefix });
      for (const a of alerts) await producer.publishEvent({ eventName: ALERT_EVENT, alertId: String(a.id) }, STREAM_MAX_EVENTS);
    },
    async close(): Promise<void> {
      await producer?.close().catch(() => undefined);
    },
  };
}
export type AlertPublisher = ReturnType<typeof createAlertPublisher>;

export interface AlertSubscription {
  /** Deliver only alerts with a larger id first read from PostgreSQL (SSE `Last-Event-ID`). */
  afterId?: number;
  /** Deliver only this agency's alerts (the `agency` role). */
  agencyId?: string;
}

interface Subscriber {
  opts: AlertSubscription;
  listener: (alert: Alert) => void;
  /** Live alerts received while the backlog is being read. */
  buffer: Alert[] | undefined;
  delivered: Set<number>;
}

const MAX_REMEMBERED = 5_000;

/**
 * One per process (the API): listens to the alerts stream with a single BullMQ `QueueEvents`
 * (started on first use; it resumes from its last stream id over reconnects), loads each alert
 * once from PostgreSQL, and fans it out to in-process subscribers (SSE connections).
 */
export function createAlertHub(opts: { connection: Redis; prefix: string; alerts: AlertsRepository; onError?: (err: unknown) => void }) {
  const subscribers = new Set<Subscriber>();
  let events: QueueEvents | undefined;
  let eventsConnection: Redis | undefined;
  let starting: Promise<void> | undefined;

  const deliver = (sub: Subscriber, alert: Alert): void => {
    if (sub.opts.agencyId !== undefined && alert.agencyId !== sub.opts.agencyId) return;
    if (sub.opts.afterId !== undefined && alert.id <= sub.opts.afterId) return;
    if (sub.delivered.has(alert.id)) return;
    sub.delivered.add(alert.id);
    if (sub.delivered.size > MAX_REMEMBERED) {
      const oldest = sub.delivered.values().next().value;
      if (oldest !== undefined) sub.delivered.delete(oldest);
    }
    try {
      sub.listener(alert);
    } catch (err) {
      opts.onError?.(err);
    }
  };

  const onEvent = async (args: { alertId?: string }): Promise<void> => {
    const id = Number(args.alertId);
    if (!Number.isInteger(id) || subscribers.size === 0) return;
    const alert = await opts.alerts.get(id);
    if (!alert) return;
    for (const sub of subscribers) {
      if (sub.buffer) sub.buffer.push(alert);
      else deliver(sub, alert);
    }
  };

  const start = (): Promise<void> => {
    starting ??= (async () => {
      // A blocking XREAD connection of its own that waits over Redis outages.
      eventsConnection = opts.connection.duplicate({ maxRetriesPerRequest: null, enableOfflineQueue: true });
      eventsConnection.on('error', () => undefined);
      events = new QueueEvents(ALERTS_CHANNEL, { connection: eventsConnection, prefix: opts.prefix });
      events.on('error', (err) => opts.onError?.(err));
      (events as unknown as NodeJS.EventEmitter).on(ALERT_EVENT, (args: { alertId?: string }) => {
        onEvent(args).catch((err: unknown) => opts.onError?.(err));
      });
      await events.waitUntilReady();
    })();
    return starting;
  };

  return {
    /**
     * Subscribes to alerts. With `afterId`, alerts stored after that id are delivered first (read
     * from PostgreSQL, oldest first), then live ones, each exactly once per subscription. Returns
     * the unsubscribe function.
     *
     * @example
     * const stop = await core.events.subscribeAlerts({ afterId: 41, agencyId: 'agency-7' }, (a) => send(a));
     */
    async subscribe(subOpts: AlertSubscription, listener: (alert: Alert) => void): Promise<() => void> {
      await start();
      const sub: Subscriber = { opts: subOpts, listener, buffer: [], delivered: new Set() };
      subscribers.add(sub);
      const unsubscribe = (): void => {
        subscribers.delete(sub);
      };
      try {
        if (subOpts.afterId !== undefined) {
          let after = subOpts.afterId;
          for (;;) {
            const page = await opts.alerts.listAfter(after, { ...(subOpts.agencyId !== undefined ? { agencyId: subOpts.agencyId } : {}), limit: 500 });
            for (const a of page) deliver(sub, a);
            if (page.length < 500) break;
            after = page[page.length - 1]?.id ?? after;
          }
        }
      } catch (err) {
        unsubscribe();
        throw err;
      }
      const buffered = (sub.buffer ?? []).sort((a, b) => a.id - b.id);
      sub.buffer = undefined;
      for (const a of buffered) deliver(sub, a);
      return unsubscribe;
    },
    subscriberCount(): number {
      return subscribers.size;
    },
    async close(): Promise<void> {
      subscribers.clear();
      if (starting) await starting.catch(() => undefined);
      await events?.close().catch(() => undefined);
      eventsConnection?.disconnect();
    },
  };
}
export type AlertHub = ReturnType<typeof createAlertHub>;
