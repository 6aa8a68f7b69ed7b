import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { COLLECTIONS, GRIDFS_BUCKETS, HDFS_PATHS, SEARCH, TOPICS } from '../../../infra/contracts';
import { initDataContracts } from '../../../infra/stack/init';
import { stackStatus } from '../../../infra/stack/stack';
import { SERVICE_NAMES } from '../../../infra/stack/services';
import { useStores } from '../../support/stores';

const { config, stores } = useStores();

describe('local stack', () => {
  it('runs the tests in their own namespace, databases, topics, folders and indexes', () => {
    assert.match(config.temporal.namespace, /^ciao-test/, 'a namespace of the tests (ciao-test, or CIAO_TEST_TEMPORAL_NAMESPACE), never the app’s default');
    assert.equal(config.mongo.db, 'ciao_test');
    assert.equal(new URL(config.redis.url).pathname, '/15');
    assert.equal(TOPICS.logsRaw, 'test.logs.raw');
    assert.equal(HDFS_PATHS.logsRaw, '/test/ciao/logs/raw');
    assert.equal(SEARCH.productsAlias, 'test-nolabel-products');
  });

  it('reports all six services healthy with their ports', async () => {
    const rows = await stackStatus(config);
    assert.deepEqual(rows.map((r) => r.service), [...SERVICE_NAMES]);
    for (const r of rows) assert.ok(r.health.ok, `${r.service} is down: ${r.health.detail}`);
    const port = (url: string): number => Number(new URL(url.includes('://') ? url : `tcp://${url}`).port);
    assert.deepEqual(Object.fromEntries(rows.map((r) => [r.service, r.port])), {
      redis: port(config.redis.url),
      ferretdb: port(config.mongo.url),
      temporal: port(config.temporal.address),
      kafka: port(config.kafka.brokers[0] ?? ''),
      opensearch: port(config.search.url),
      hdfs: port(config.hdfs.url),
    });
  });

  it('init creates every data contract and a rerun changes nothing', async () => {
    await initDataContracts(stores, () => undefined);
    const lines: string[] = [];
    await initDataContracts(stores, (l) => lines.push(l));
    assert.deepEqual(lines.sort(), [
      '[init] hdfs folders present',
      '[init] kafka topics present',
      '[init] mongo collections present',
      '[init] search indexes present',
      `[init] temporal namespace ${config.temporal.namespace} ready`,
    ]);

    const topics = await (await stores.kafka.admin()).listTopics();
    for (const t of Object.values(TOPICS)) assert.ok(topics.includes(t), `topic ${t}`);
    const collections = (await stores.mongo.db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name);
    for (const c of [...Object.values(COLLECTIONS), ...Object.values(GRIDFS_BUCKETS).map((b) => `${b}.files`)]) assert.ok(collections.includes(c), `collection ${c}`);
    assert.equal((await stores.search.client.indices.existsAlias({ name: SEARCH.productsAlias })).body, true);
    assert.equal((await stores.search.client.indices.exists({ index: SEARCH.placesIndex })).body, true);
    for (const p of Object.values(HDFS_PATHS)) assert.equal((await stores.hdfs.hdfs.stat(p))?.type, 'DIRECTORY', p);
  });
});
