/**
 * Redis client (ioredis) shared by the web tier and the workers.
 */
import { Redis } from 'ioredis';
import type { Config } from './config';
import { probe, type StoreClient } from './health';

/** A connected Redis client plus health and close. */
export interface RedisStore extends StoreClient {
  readonly redis: Redis;
}

/**
 * Creates a Redis client for `config.redis.url`. The connection is lazy; commands queue until it is up and
 * fail after `maxRetriesPerRequest` (default 2) so a Redis outage degrades a feature instead of hanging it.
 * Reconnect attempts back off 50 ms per attempt up to `config.redis.reconnectMaxMs` (`REDIS_RECONNECT_MAX_MS`,
 * 500 ms; ioredis' own cap is 2 s), so a Redis that returns is used again within that pause.
 */
export function createRedisStore(config: Config, options: { maxRetriesPerRequest?: number } = {}): RedisStore {
  const redis = new Redis(config.redis.url, {
    lazyConnect: false,
    maxRetriesPerRequest: options.maxRetriesPerRequest ?? 2,
    enableOfflineQueue: true,
    connectTimeout: 3000,
    retryStrategy: (attempt) => Math.min(attempt * 50, config.redis.reconnectMaxMs),
  });
  // Without a listener ioredis prints every reconnect error; health() reports the state instead.
  redis.on('error', () => undefined);
  let closed = false;
  return {
    name: 'redis',
    redis,
    health: () =>
      probe('redis', async () => {
        const pong = await redis.ping();
        const info = await redis.info('server');
        const version = /redis_version:(\S+)/.exec(info)?.[1] ?? 'unknown';
        return `${pong} redis ${version}`;
      }),
    async close() {
      if (closed) return;
      closed = true;
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
