import type { FastifyInstance } from 'fastify';
import { checkStores } from '../../infra/stores';

/**
 * `/healthz`: each dependency's state. 200 when all are up, 503 otherwise, always with the per-service body,
 * so a load balancer and a person read the same answer.
 */
export function healthRoutes(app: FastifyInstance): Promise<void> {
  app.get('/healthz', async (_req, reply) => {
    const services = await checkStores(app.stores);
    const ok = services.every((s) => s.ok);
    return reply.code(ok ? 200 : 503).send({ status: ok ? 'ok' : 'degraded', services });
  });
  return Promise.resolve();
}
