import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { buildApp } from '../../../web/app';
import { useStores } from '../../support/stores';

const { config, stores } = useStores();

describe('web /healthz', () => {
  it('reports each dependency up against the real stack', async () => {
    const app = await buildApp({ config, stores, logger: false });
    after(() => app.close());
    const res = await app.inject({ method: 'GET', url: '/healthz' });
    const body = res.json<{ status: string; services: { service: string; ok: boolean }[] }>();
    assert.equal(res.statusCode, 200, JSON.stringify(body));
    assert.equal(body.status, 'ok');
    assert.deepEqual(body.services.map((s) => s.service).sort(), ['hdfs', 'kafka', 'mongo', 'redis', 'search', 'temporal']);
  });
});
