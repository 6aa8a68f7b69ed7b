/**
 * One {@link StoreGuard} per store a request may wait on — Redis (sessions, login counters, rankings, the
 * mypage cache) and MongoDB (accounts, eco points) — as `app.storeGuards`. Whatever the web tier asks of them
 * goes through `app.storeGuards.<store>.run(...)`, so a store that is down costs a request at most
 * `WEB_REDIS_TIMEOUT_MS` / `WEB_MONGO_TIMEOUT_MS`, and nothing once two calls in a row have failed; it is tried
 * again every `WEB_STORE_RETRY_MS`. Until a store's first call has succeeded its calls may take 5 s (the client
 * is connecting). Register before the plugins that use the stores (sessions first).
 */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { StoreGuard } from '../../stores/store-guard';

/** The guards of the stores the web tier's requests use. */
export interface StoreGuards {
  readonly redis: StoreGuard;
  readonly mongo: StoreGuard;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Guards of Redis and MongoDB: see web/stores/store-guard.ts. */
    storeGuards: StoreGuards;
  }
}

function storeGuardsPlugin(app: FastifyInstance): Promise<void> {
  const { redisTimeoutMs, mongoTimeoutMs, retryMs } = app.config.web.stores;
  const redis = app.stores.redis.redis;
  // Until the client has been connected once, let calls queue (the app may serve its first request while the
  // connection is still being set up); afterwards a client without a connection fails calls at once.
  let connectedOnce = redis.status === 'ready';
  if (!connectedOnce) redis.once('ready', () => (connectedOnce = true));
  app.decorate('storeGuards', {
    redis: new StoreGuard('redis', { timeoutMs: redisTimeoutMs, retryMs, isConnected: () => !connectedOnce || redis.status === 'ready' }),
    mongo: new StoreGuard('mongo', { timeoutMs: mongoTimeoutMs, retryMs }),
  });
  return Promise.resolve();
}

/** The store-guards plugin (app-wide). */
export const storeGuards = fp(storeGuardsPlugin, { name: 'ciao-store-guards', fastify: '5.x' });
