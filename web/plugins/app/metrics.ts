/**
 * Prometheus metrics of the web tier, in a registry of the app's own (two apps in one process — tests,
 * benchmarks — never share or clash):
 *
 * - `ciao_http_request_duration_seconds` — a histogram of request latency by method, route pattern (not the raw
 *   URL, so ids in paths cannot explode the label set; `unmatched` for 404s) and status code, from `onResponse`;
 * - the event publisher's counters (`app.events.stats()`), read at scrape time, so a request never pays for
 *   them: `ciao_events_published_total`, `…_dropped_total`, `…_invalid_total`, `…_failed_batches_total`,
 *   and the gauges `ciao_events_buffered`, `ciao_events_spilled` and `ciao_events_kafka_connected`;
 * - the store guards (`app.storeGuards`), read at scrape time: `ciao_store_guard_open{store}` (1 while the web
 *   tier skips a store that failed), `ciao_store_guard_rejected_total{store}` (calls refused at once) and
 *   `ciao_store_guard_failed_total{store}` (calls that failed or ran out of time);
 * - Node's process metrics (`ciao_process_*`, `ciao_nodejs_*`: CPU, memory, event-loop lag, GC).
 *
 * `app.metrics` is the registry; `web/probes/metrics-routes.ts` serves it. Register after the events plugin.
 */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { PublisherStats } from '../../events/publisher';

declare module 'fastify' {
  interface FastifyInstance {
    /** This app's Prometheus registry. */
    metrics: Registry;
  }
}

/** Latency buckets in seconds: 1 ms to 5 s, dense where server-rendered pages land (5–100 ms). */
export const LATENCY_BUCKETS_S = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5] as const;

/** The publisher counters exported as Prometheus counters (monotonic), with their help text. */
const EVENT_COUNTERS: readonly { readonly stat: keyof Omit<PublisherStats, 'buffered' | 'spilled' | 'connected'>; readonly name: string; readonly help: string }[] = [
  { stat: 'published', name: 'ciao_events_published_total', help: 'User events acknowledged by Kafka' },
  { stat: 'dropped', name: 'ciao_events_dropped_total', help: 'User events dropped because the publisher buffer was full' },
  { stat: 'invalid', name: 'ciao_events_invalid_total', help: 'User events refused by the event schema (a bug in the caller)' },
  { stat: 'failedBatches', name: 'ciao_events_failed_batches_total', help: 'Event batches Kafka did not accept (put back and retried)' },
  { stat: 'senderRestarts', name: 'ciao_events_sender_restarts_total', help: 'Times the event sender thread died and was replaced (its unacknowledged events re-sent)' },
];

function metricsPlugin(app: FastifyInstance): Promise<void> {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'ciao_' });

  const latency = new Histogram({
    name: 'ciao_http_request_duration_seconds',
    help: 'Time from request received to response sent, by route pattern and status',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [...LATENCY_BUCKETS_S],
    registers: [registry],
  });
  app.addHook('onResponse', (request, reply, done) => {
    latency.observe({ method: request.method, route: request.routeOptions.url ?? 'unmatched', status_code: String(reply.statusCode) }, reply.elapsedTime / 1000);
    done();
  });

  // Collected at scrape time: the publisher keeps plain numbers, the registry reads them here.
  for (const { stat, name, help } of EVENT_COUNTERS) {
    new Counter({
      name,
      help,
      registers: [registry],
      collect() {
        this.reset();
        this.inc(app.events.stats()[stat]);
      },
    });
  }
  new Gauge({
    name: 'ciao_events_buffered',
    help: 'User events waiting for Kafka (in the buffer or in a request being sent)',
    registers: [registry],
    collect() {
      this.set(app.events.stats().buffered);
    },
  });
  new Gauge({
    name: 'ciao_events_spilled',
    help: 'Of the buffered user events, those waiting on disk (the publisher spills beyond its in-memory buffer)',
    registers: [registry],
    collect() {
      this.set(app.events.stats().spilled);
    },
  });
  new Gauge({
    name: 'ciao_events_kafka_connected',
    help: '1 when the last event batch reached Kafka, 0 otherwise (also 0 before the first batch)',
    registers: [registry],
    collect() {
      this.set(app.events.stats().connected ? 1 : 0);
    },
  });

  const guards = () => [app.storeGuards.redis, app.storeGuards.mongo];
  new Gauge({
    name: 'ciao_store_guard_open',
    help: '1 while the web tier skips a store that failed (calls answer 503 at once), 0 when calls go through',
    labelNames: ['store'] as const,
    registers: [registry],
    collect() {
      for (const g of guards()) this.set({ store: g.store }, g.stats().state === 'closed' ? 0 : 1);
    },
  });
  for (const [stat, name, help] of [
    ['rejected', 'ciao_store_guard_rejected_total', 'Store calls refused at once because the store was known to be down'],
    ['failed', 'ciao_store_guard_failed_total', 'Store calls that failed or ran out of time'],
  ] as const) {
    new Counter({
      name,
      help,
      labelNames: ['store'] as const,
      registers: [registry],
      collect() {
        this.reset();
        for (const g of guards()) this.inc({ store: g.store }, g.stats()[stat]);
      },
    });
  }

  app.decorate('metrics', registry);
  return Promise.resolve();
}

/** The metrics plugin (app-wide); register after the events plugin. */
export const metrics = fp(metricsPlugin, { name: 'ciao-metrics', fastify: '5.x', dependencies: ['ciao-events', 'ciao-store-guards'] });
