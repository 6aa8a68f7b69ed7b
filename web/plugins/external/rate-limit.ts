/**
 * @fastify/rate-limit for the routes that ask for it (`config: { rateLimit: { max, timeWindow } }`; off
 * elsewhere), counted in Redis so every web process shares the counts, keyed by client IP. A refusal is the
 * project's `RateLimited` error (429, Korean message, `Retry-After`) through the one error handler. When Redis
 * does not answer the request is let through (`skipOnError`): a limit must not take the site down with it. The
 * limiter has a connection of its own without an offline queue, so while Redis is down its calls fail at once
 * (instead of waiting for ioredis' reconnect attempts) and the request goes on to its own checks.
 *
 * Failed logins keep their own counter (`plugins/app/login-throttle.ts`): it counts failures only and forgives
 * a success, which a request-rate limit cannot express.
 */
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { InfraError } from '../../../domain/errors';

async function rateLimitPlugin(app: FastifyInstance): Promise<void> {
  const redis = app.stores.redis.redis.duplicate({ enableOfflineQueue: false });
  redis.on('error', () => undefined);
  app.addHook('onClose', async () => {
    await redis.quit().catch(() => redis.disconnect());
  });
  await app.register(rateLimit, {
    global: false,
    redis,
    nameSpace: 'ratelimit:route:',
    skipOnError: true,
    errorResponseBuilder: (_request, context) => {
      const retryAfterS = Math.max(1, Math.ceil(context.ttl / 1000));
      return new InfraError('RateLimited', `요청이 너무 많아요. ${Math.ceil(retryAfterS / 60)}분 뒤에 다시 시도해 주세요.`, { retryAfterS });
    },
  });
}

/** The route rate limiter (app-wide; routes opt in). */
export const routeRateLimit = fp(rateLimitPlugin, { name: 'ciao-route-rate-limit', fastify: '5.x' });
