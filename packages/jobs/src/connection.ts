// Redis connections for BullMQ. BullMQ's ESM build cannot load ioredis itself from
// connection options, so connections are made here and closed by whoever opened them.
import { Redis } from 'ioredis';

/**
 * `worker`: blocks on the queue and waits out a Redis outage (BullMQ requires
 * `maxRetriesPerRequest: null`). `producer` (API, health checks): a command fails after a
 * few retries instead of hanging the request.
 */
export function redisConnection(url: string, role: 'worker' | 'producer'): Redis {
  const redis = new Redis(url, role === 'worker' ? { maxRetriesPerRequest: null } : { maxRetriesPerRequest: 2, connectTimeout: 5000 });
  // Reported once through the Queue's / Worker's 'error' event, not printed by ioredis.
  redis.on('error', () => {});
  return redis;
}

/** Rejects when `work` takes longer than `ms`. */
export function within<T>(ms: number, what: string, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

/** Deletes every key of a queue prefix (a test's or a bench run's queues). */
export async function deleteQueueKeys(url: string, prefix: string): Promise<void> {
  const redis = redisConnection(url, 'producer');
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
