/**
 * OpenSearch down or slow under the /nolabel page: reached through a TCP proxy the test cuts (the shared
 * server is never stopped) and through a server that accepts connections and never answers (slower than
 * SEARCH_TIMEOUT_MS = 1 s). The page still renders, in Korean, with the popular words; /readyz stays ready;
 * /metrics counts the failures.
 */
import assert from 'node:assert/strict';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { loadConfig } from '../../../../infra/config';
import { SEARCH, searchRankKey } from '../../../../infra/contracts';
import { createSearchStore, type SearchStore } from '../../../../infra/search';
import { seoulDate } from '../../../../domain/age-band';
import { createFixtureIndex } from '../../../support/search-fixture';
import { TEST_REDIS_DATABASES, uniqueSuffix, useRedisDatabase, useStores } from '../../../support/stores';
import { startTcpProxy, type TcpProxy } from '../../../support/tcp-proxy';
import { Browser, testApp } from '../../../support/web';

const index = `${SEARCH.productsIndexPrefix}outage-${uniqueSuffix()}`;
let proxy: TcpProxy;
let viaProxy: SearchStore;
let silent: net.Server;
let viaSilent: SearchStore;
const held = new Set<net.Socket>();

// Registered before useStores, so it runs while the stores are open.
after(async () => {
  await stores.search.client.indices.delete({ index }, { ignore: [404] });
});
const { stores, config } = useStores();
const ranks = useRedisDatabase(config, TEST_REDIS_DATABASES.nolabelRanks);
const popularKey = searchRankKey(seoulDate(new Date()), { kind: 'all' });

function failuresOf(metrics: string, reason: string): number {
  const m = new RegExp(`^ciao_search_failures_total\\{reason="${reason}"\\} (\\d+)`, 'm').exec(metrics);
  return m ? Number(m[1]) : NaN;
}

describe('the /nolabel page while OpenSearch is down or slow', () => {
  let down: FastifyInstance;
  let slow: FastifyInstance;

  before(async () => {
    await createFixtureIndex(stores.search.client, index);
    const url = new URL(config.search.url);
    proxy = await startTcpProxy(url.hostname, Number(url.port));
    viaProxy = createSearchStore(loadConfig({ ...process.env, OPENSEARCH_URL: `http://127.0.0.1:${proxy.port}` }));
    silent = net.createServer((socket) => {
      held.add(socket);
      socket.on('close', () => held.delete(socket));
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    viaSilent = createSearchStore(loadConfig({ ...process.env, OPENSEARCH_URL: `http://127.0.0.1:${(silent.address() as AddressInfo).port}` }));
    await ranks.redis.zadd(popularKey, 7, '삼다수');
    ({ app: down } = await testApp({ ...stores, redis: ranks, search: viaProxy }, {}, { productsIndex: index }));
    ({ app: slow } = await testApp({ ...stores, redis: ranks, search: viaSilent }, { SEARCH_TIMEOUT_MS: '1000' }, { productsIndex: index }));
  });
  after(async () => {
    await down?.close();
    await slow?.close();
    await viaProxy?.close();
    await viaSilent?.close();
    await proxy?.close();
    for (const s of held) s.destroy();
    await new Promise((resolve) => silent.close(resolve));
    await ranks.redis.zrem(popularKey, '삼다수');
  });

  it('searches through the proxy while it is up', async () => {
    const res = await new Browser(down).get('/nolabel?q=%EC%82%BC%EB%8B%A4%EC%88%98');
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /class="product-card/);
  });

  it('renders the page with a Korean message and the popular words when OpenSearch is down; ready stays ready; the outage is counted', async () => {
    const before = failuresOf((await down.inject({ method: 'GET', url: '/metrics' })).body, 'unavailable');
    await proxy.cut();
    try {
      const started = Date.now();
      const page = await new Browser(down).get('/nolabel?q=%EC%83%9D%EC%88%98');
      assert.ok(Date.now() - started < 3000, 'the page did not wait for OpenSearch');
      assert.equal(page.statusCode, 503);
      assert.match(page.body, /<div class="notice notice-error" role="alert">상품 검색을 잠시 쓸 수 없어요/);
      assert.match(page.body, /오늘 많이 찾은 검색어/);
      assert.match(page.body, /<span class="rank-no">1<\/span> 삼다수/);
      assert.match(page.body, /name="q" value="생수"/, 'the search box keeps the query');
      const json = await down.inject({ method: 'GET', url: '/api/products/search?q=%EC%83%9D%EC%88%98' });
      assert.equal(json.statusCode, 503);
      assert.equal(json.json<{ code: string }>().code, 'ServiceUnavailable');
      assert.equal((await down.inject({ method: 'GET', url: '/nolabel/click/3fa2b9c01d2e-gm' })).statusCode, 503);
      const ready = await down.inject({ method: 'GET', url: '/readyz' });
      assert.equal(ready.statusCode, 200, ready.body);
      const after = failuresOf((await down.inject({ method: 'GET', url: '/metrics' })).body, 'unavailable');
      assert.ok(after >= before + 3, `failures ${before} → ${after}`);
    } finally {
      await proxy.restore();
    }
    const back = await new Browser(down).get('/nolabel?q=%EC%83%9D%EC%88%98');
    assert.equal(back.statusCode, 200, 'search works again once OpenSearch is back');
    assert.match(back.body, /class="product-card/);
  });

  it('gives up on an OpenSearch slower than 1 s, says so in Korean, and counts a timeout', async () => {
    const started = Date.now();
    const page = await new Browser(slow).get('/nolabel?q=%ED%83%84%EC%82%B0%EC%88%98');
    const took = Date.now() - started;
    assert.ok(took >= 900 && took < 2500, `answered after ${took} ms`);
    assert.equal(page.statusCode, 503);
    assert.match(page.body, /상품 검색이 지금 너무 느려요/);
    assert.match(page.body, /오늘 많이 찾은 검색어/);
    assert.equal((await slow.inject({ method: 'GET', url: '/readyz' })).statusCode, 200);
    assert.ok(failuresOf((await slow.inject({ method: 'GET', url: '/metrics' })).body, 'timeout') >= 1);
  });
});
