import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { buildApp } from '../../../web/app';
import { useStores } from '../../support/stores';

const { config, stores } = useStores();

describe('web /healthz', () => {
  it('reports each dependency up against the real stack once the clients have connected, each answer within 1 s', async () => {
    const app = await buildApp({ config, stores, logger: false });
    after(() => app.close());
    // A fresh app's clients connect on their first use: a store whose handshake takes longer than
    // WEB_PROBE_TIMEOUT_MS on a busy machine is reported down until it has connected.
    let res = await app.inject({ method: 'GET', url: '/healthz' });
    for (let i = 0; i < 20 && res.statusCode !== 200; i++) {
      await new Promise((r) => setTimeout(r, 250));
      const started = performance.now();
      res = await app.inject({ method: 'GET', url: '/healthz' });
      assert.ok(performance.now() - started < 1000, '/healthz answers within 1 s');
    }
    const body = res.json<{ status: string; services: { service: string; ok: boolean }[] }>();
    assert.equal(res.statusCode, 200, JSON.stringify(body));
    assert.equal(body.status, 'ok');
    assert.deepEqual(body.services.map((s) => s.service).sort(), ['hdfs', 'kafka', 'mongo', 'redis', 'search', 'temporal']);
  });
});
