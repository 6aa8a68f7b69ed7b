import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { failedIntervals } from '../../../control/failed-runs';
import { listDags } from '../../../control/registry';
import { loadConfig } from '../../../infra/config';
import { createTemporalStore } from '../../../infra/temporal';
import { buildApp } from '../../../web/app';
import { useStores } from '../../support/stores';

const { config, stores } = useStores();

function sample(body: string, name: string, labels = ''): number | undefined {
  const line = body.split('\n').find((l) => l.startsWith(`${name}${labels} `));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

describe('ciao_dag_failed_runs on /metrics (real Temporal)', () => {
  it('reports, per DAG, the intervals whose latest run failed', { timeout: 60_000 }, async () => {
    const app = await buildApp({ config, stores, logger: false });
    try {
      const client = await stores.temporal.client();
      // The first scrape may answer before the first reading (1 s at most); the next one has it.
      await app.inject({ method: 'GET', url: '/metrics' });
      let body = '';
      for (let i = 0; i < 40 && !body.includes('ciao_dag_failed_runs{'); i++) {
        await new Promise((r) => setTimeout(r, 250));
        body = (await app.inject({ method: 'GET', url: '/metrics' })).body;
      }
      assert.match(body, /# TYPE ciao_dag_failed_runs gauge/);
      for (const dag of listDags()) {
        assert.equal(sample(body, 'ciao_dag_failed_runs', `{dag="${dag.id}"}`), (await failedIntervals(client, dag.id)).length, dag.id);
      }
      assert.ok((sample(body, 'ciao_dag_failed_runs_age_seconds') ?? -1) >= 0);
    } finally {
      await app.close();
    }
  });

  it('answers within about a second when Temporal does not', { timeout: 30_000 }, async () => {
    const deadTemporal = createTemporalStore(loadConfig({ ...process.env, TEMPORAL_ADDRESS: '127.0.0.1:1' }));
    const app = await buildApp({ config, stores: { ...stores, temporal: deadTemporal }, logger: false });
    try {
      const started = Date.now();
      const res = await app.inject({ method: 'GET', url: '/metrics' });
      const ms = Date.now() - started;
      assert.equal(res.statusCode, 200);
      assert.ok(ms < 1500, `took ${ms} ms`);
      assert.equal(sample(res.body, 'ciao_dag_failed_runs_age_seconds'), -1, 'no reading yet');
    } finally {
      await app.close();
      await deadTemporal.close();
    }
  });
});
