import { Redis } from 'ioredis';

export type RedisRole = 'producer' | 'worker';

/**
 * An ioredis connection for BullMQ. Producers (the API, `callqa enqueue`) fail fast when Redis is
 * down (`enableOfflineQueue: false`, one retry per request), so an upload answers 503 at once;
 * workers wait for Redis to come back (`maxRetriesPerRequest: null`), as BullMQ requires.
 */
export function createRedis(url: string, role: RedisRole, name = `callqa-${role}`): Redis {
  const redis = new Redis(url, {
    connectionName: name,
    maxRetriesPerRequest: role === 'worker' ? null : 1,
    enableOfflineQueue: role === 'worker',
    connectTimeout: 5_000,
    retryStrategy: (times) => Math.min(200 * 2 ** Math.min(times, 5), 5_000),
    lazyConnect: false,
  });
  // Connection errors surface through commands; an unhandled 'error' event would crash the process.
  redis.on('error', () => undefined);
  return redis;
}

/**
 * Resolves when the connection is ready, or rejects after `timeoutMs` (fail fast when Redis is
 * down instead of queueing commands).
 */
export function waitForRedis(redis: Redis, timeoutMs: number): Promise<void> {
  if (redis.status === 'ready') return Promise.resolve();
  if (redis.status === 'end') return Promise.reject(new Error(`redis connection ${redis.status}`));
  return new Promise<void>((resolve, reject) => {
    const onReady = (): void => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      redis.off('ready', onReady);
      reject(new Error(`redis not ready after ${timeoutMs} ms (status ${redis.status})`));
    }, timeoutMs);
    redis.once('ready', onReady);
  });
}
