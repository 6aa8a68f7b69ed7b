import type { FastifyInstance, FastifyRequest } from 'fastify';
import { healthWithin, type HealthReport } from '../../infra/health';
import { checkStores } from '../../infra/stores';

/** One dependency in the `/readyz` body: its probe, and whether serving needs it. */
export interface ReadinessReport extends HealthReport {
  /** True for what the web tier cannot serve without (Redis sessions, MongoDB accounts). */
  readonly required: boolean;
}

/** `run`, shared by the calls that arrive while one is in flight. */
function shared<T>(run: () => Promise<T>): () => Promise<T> {
  let current: Promise<T> | undefined;
  return () => {
    current ??= run().finally(() => {
      current = undefined;
    });
    return current;
  };
}

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/**
 * True when the probe may show its details (store versions, Kafka brokers, buffer counts): for a member with
 * the admin role, or a caller on this machine that came through no proxy (a proxy on the same host would make
 * every visitor look local, so a forwarded request never counts as local).
 */
export function mayShowDetails(request: FastifyRequest): boolean {
  if (request.session?.data.member?.role === 'admin') return true;
  const forwarded = request.headers['x-forwarded-for'] !== undefined || request.headers.forwarded !== undefined;
  return !forwarded && LOOPBACK.has(request.ip);
}

/**
 * Who sees what: an admin or a local caller gets the per-service body below; anyone else only the status
 * (`{ status }`, same HTTP code), which is all a load balancer needs.
 *
 * `/healthz`: each dependency's state. 200 when all are up, 503 otherwise, always with the per-service body,
 * so a load balancer and a person read the same answer.
 *
 * `/readyz`: whether this instance can serve users — 200 when Redis (sessions) and MongoDB (accounts) answer,
 * 503 otherwise. Kafka is probed and reported, with the publisher's buffer, but never makes the instance
 * unready: while it is down events wait in the buffer (see `web/events/publisher.ts`).
 *
 * Both answer within about `WEB_PROBE_TIMEOUT_MS` (600 ms) whatever is down: the stores are probed in parallel
 * and each report is cut off after that time ("no answer within 600 ms"). Concurrent calls share one round
 * of probes, so a probe storm during an outage does not pile up waiting store calls.
 */
export function healthRoutes(app: FastifyInstance): Promise<void> {
  const timeoutMs = app.config.web.stores.probeTimeoutMs;
  const within = (client: { name: string; health(): Promise<HealthReport> }) => healthWithin(client.name, client.health(), timeoutMs);
  const allStores = shared(() => checkStores(app.stores, timeoutMs));
  const { redis, mongo, kafka } = app.stores;
  const readiness = shared(() => Promise.all([within(redis), within(mongo), within(kafka)]));

  app.get('/healthz', async (request, reply) => {
    const services = await allStores();
    const ok = services.every((s) => s.ok);
    const status = ok ? 'ok' : 'degraded';
    return reply.code(ok ? 200 : 503).send(mayShowDetails(request) ? { status, services } : { status });
  });

  app.get('/readyz', async (request, reply) => {
    const [redisReport, mongoReport, kafkaReport] = await readiness();
    const services: ReadinessReport[] = [
      { ...redisReport, required: true },
      { ...mongoReport, required: true },
      { ...kafkaReport, required: false },
    ];
    const ready = services.every((s) => s.ok || !s.required);
    const { buffered, dropped, connected } = app.events.stats();
    const status = ready ? 'ready' : 'not_ready';
    return reply
      .code(ready ? 200 : 503)
      .header('cache-control', 'no-store')
      .send(mayShowDetails(request) ? { status, services, events: { buffered, dropped, kafkaConnected: connected } } : { status });
  });
  return Promise.resolve();
}
