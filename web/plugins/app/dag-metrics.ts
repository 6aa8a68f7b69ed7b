/**
 * `ciao_dag_failed_runs{dag}` on `/metrics`: per DAG, the intervals among its last 100 runs whose latest
 * execution failed (control/failed-runs.ts) — what the reconciler has yet to clear, or gave up on.
 *
 * Read from Temporal at scrape time but never slowing the scrape: a reading is reused for 30 s, a refresh
 * that takes longer than 1 s goes on in the background while the scrape reports the previous reading, and
 * while Temporal is unreachable the last reading stays (`ciao_dag_failed_runs_age_seconds` says how old it is).
 * Register after the metrics plugin.
 */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Gauge } from 'prom-client';
import { failedIntervals } from '../../../control/failed-runs';
import { listDags } from '../../../control/registry';

/** Options of the DAG metrics plugin. */
export interface DagMetricsOptions {
  /** Reuse a reading this long, ms (default 30 000). */
  readonly maxAgeMs?: number;
  /** Longest a scrape waits for a refresh, ms (default 1000). */
  readonly waitMs?: number;
}

function dagMetricsPlugin(app: FastifyInstance, opts: DagMetricsOptions): Promise<void> {
  const maxAgeMs = opts.maxAgeMs ?? 30_000;
  const waitMs = opts.waitMs ?? 1000;
  let reading: { at: number; failed: Map<string, number> } | undefined;
  let refreshing: Promise<void> | undefined;

  const refresh = (): Promise<void> =>
    (refreshing ??= (async () => {
      const client = await app.stores.temporal.client();
      const failed = new Map<string, number>();
      await client.withDeadline(Date.now() + 10_000, () =>
        Promise.all(listDags().map(async (d) => failed.set(d.id, (await failedIntervals(client, d.id)).length))),
      );
      reading = { at: Date.now(), failed };
    })()
      .catch((err: unknown) => app.log.warn({ err }, 'could not read failed DAG runs for /metrics'))
      .finally(() => {
        refreshing = undefined;
      }));

  new Gauge({
    name: 'ciao_dag_failed_runs',
    help: 'Intervals among the last 100 runs of the DAG whose latest run failed (not yet cleared)',
    labelNames: ['dag'] as const,
    registers: [app.metrics],
    async collect() {
      if (!reading || Date.now() - reading.at > maxAgeMs) {
        await Promise.race([refresh(), new Promise((resolve) => setTimeout(resolve, waitMs).unref())]);
      }
      this.reset();
      for (const [dag, n] of reading?.failed ?? []) this.set({ dag }, n);
    },
  });
  new Gauge({
    name: 'ciao_dag_failed_runs_age_seconds',
    help: 'Age of the reading behind ciao_dag_failed_runs (grows while Temporal is unreachable); -1 before the first',
    registers: [app.metrics],
    collect() {
      this.set(reading ? (Date.now() - reading.at) / 1000 : -1);
    },
  });
  return Promise.resolve();
}

/** The DAG metrics plugin (app-wide); register after the metrics plugin. */
export const dagMetrics = fp(dagMetricsPlugin, { name: 'ciao-dag-metrics', fastify: '5.x', dependencies: ['ciao-metrics'] });
