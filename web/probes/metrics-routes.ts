import type { FastifyInstance } from 'fastify';

/**
 * `/metrics`: this app's Prometheus registry in the text exposition format (see `web/plugins/app/metrics.ts`).
 * No session lookup and no event: a scraper is not a visitor. It answers whoever reaches the port — the web
 * tier listens on loopback by default; behind a public proxy, keep `/metrics` off the proxied paths.
 */
export function metricsRoutes(app: FastifyInstance): Promise<void> {
  app.get('/metrics', { config: { session: false } }, async (_request, reply) => {
    const body = await app.metrics.metrics();
    return reply.type(app.metrics.contentType).header('cache-control', 'no-store').send(body);
  });
  return Promise.resolve();
}
