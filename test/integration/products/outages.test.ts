import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { MockActivityEnvironment } from '@temporalio/testing';
import type { CrawledShop } from '../../../activities/products/crawl-task';
import { emptyCrawlStats } from '../../../activities/products/crawl/crawl-stats';
import { CrawlPageStore } from '../../../activities/products/crawl/page-store';
import { aliasTargets, countDocs, listIndexes } from '../../../activities/search/index-admin';
import { sandboxNaming, type ProductsNaming } from '../../../activities/products/pipeline-naming';
import type { RawProduct } from '../../../activities/products/raw-product';
import { createProductActivities } from '../../../activities/products/refresh-activities';
import { loadConfig } from '../../../infra/config';
import { HDFS_PATHS } from '../../../infra/contracts';
import { buildDemoCatalogue } from '../../../infra/demo-shops/catalogue';
import { createHdfsStore } from '../../../infra/hdfs';
import { createSearchStore } from '../../../infra/search';
import type { Stores } from '../../../infra/stores';
import type { TaskInvocation } from '../../../workflows/dag/task-context';
import { uniqueSuffix, useStores } from '../../support/stores';
import { startTcpProxy, type TcpProxy } from '../../support/tcp-proxy';

const suffix = uniqueSuffix();
// A sandbox of the file's own (the names `nolabel_refresh` runs with its `sandbox` param): its HDFS folder,
// topic and alias are this file's alone.
const sandbox = `o-${suffix}`;
const naming: ProductsNaming = sandboxNaming(sandbox);
const testRoot = `${HDFS_PATHS.staging}/sandbox/${sandbox}`;
const LOGICAL_DATE = '2026-12-06T02:00:00+09:00';
const SHOPS: Record<string, string> = { 'green-mart': 'gm', 'eco-box': 'eb', 'mul-maru': 'mm' };
let hdfsProxy: TcpProxy;
let searchProxy: TcpProxy;
let down: Stores;

// Registered before useStores, so it runs while the stores are open.
after(async () => {
  await hdfsProxy.close();
  await searchProxy.close();
  await down.hdfs.close();
  await down.search.close();
  await stores.hdfs.hdfs.delete(testRoot, { recursive: true });
  const indexes = await listIndexes(stores.search.client, naming.indexPrefix);
  if (indexes.length > 0) await stores.search.client.indices.delete({ index: indexes.join(',') });
  const admin = await stores.kafka.admin();
  await admin.deleteTopics({ topics: [naming.topic] }).catch(() => undefined);
});
const { config, stores } = useStores();

type ProductActivities = ReturnType<typeof createProductActivities>;

/** Runs activity `name` of `activities` in an activity context. */
function run<K extends keyof ProductActivities>(activities: ProductActivities, name: K, args: Parameters<ProductActivities[K]>[0]['args']): ReturnType<ProductActivities[K]> {
  const env = new MockActivityEnvironment({ workflowExecution: { workflowId: 'dag:nolabel_refresh:test', runId: 'run-1' } });
  const activity = activities[name] as (input: TaskInvocation<typeof args>) => ReturnType<ProductActivities[K]>;
  const ctx = { dagId: 'nolabel_refresh', runId: 'dag:nolabel_refresh:test', taskId: String(name), logicalDate: LOGICAL_DATE, dataInterval: { start: LOGICAL_DATE, end: LOGICAL_DATE }, params: {}, tryNumber: 1 };
  return env.run(activity, { args, ctx }) as ReturnType<ProductActivities[K]>;
}

/** A finished crawl of `shop` in HDFS staging, made from the demo catalogue without a browser (5 pages). */
async function stagedCrawl(shop: string): Promise<CrawledShop> {
  const staging = `${testRoot}/crawl/shop=${shop}`;
  const store = new CrawlPageStore(stores.hdfs.hdfs, staging);
  const listings = buildDemoCatalogue().get(shop) ?? [];
  const perPage = Math.ceil(listings.length / 5);
  for (let p = 0; p < 5; p++) {
    const url = `http://127.0.0.1:4100/${shop}/list?page=${p + 1}`;
    const rows: RawProduct[] = listings.slice(p * perPage, (p + 1) * perPage).map((l) => ({ shop, source: SHOPS[shop] ?? 'xx', shopItemId: l.itemId, title: l.title, price: l.price, link: `http://127.0.0.1:4100/${shop}/item/${l.itemId}`, imageUrl: null, shopCategory: l.category, pageUrl: url, crawledAt: LOGICAL_DATE }));
    await store.savePage({ url, links: [], items: rows.length, crawledAt: LOGICAL_DATE }, rows);
  }
  const stats = emptyCrawlStats();
  return { shop, source: SHOPS[shop] ?? 'xx', day: '2026-12-06', staging, pages: 5, resumedPages: 0, items: listings.length, unreadableItems: 0, failures: stats.failures, failedPages: [], failedPageCount: 0, robotsBlocked: 0, durationMs: 0, summary: shop };
}

async function dayListing(path: string): Promise<string[]> {
  const out: string[] = [];
  for (const shop of await stores.hdfs.hdfs.list(path)) {
    for (const file of await stores.hdfs.hdfs.list(`${path}/${shop.pathSuffix}`)) out.push(`${shop.pathSuffix}/${file.pathSuffix}:${file.length}`);
  }
  return out.sort();
}

before(async () => {
  const hdfsUrl = new URL(config.hdfs.url);
  const searchUrl = new URL(config.search.url);
  hdfsProxy = await startTcpProxy(hdfsUrl.hostname, Number(hdfsUrl.port));
  searchProxy = await startTcpProxy(searchUrl.hostname, Number(searchUrl.port));
  // The same stores, except HDFS and OpenSearch are reached through proxies the tests can cut.
  const viaProxies = loadConfig({ ...process.env, WEBHDFS_URL: `http://127.0.0.1:${hdfsProxy.port}`, OPENSEARCH_URL: `http://127.0.0.1:${searchProxy.port}` });
  down = { ...stores, hdfs: createHdfsStore(viaProxies, { timeoutMs: 5000 }), search: createSearchStore(viaProxies) };
  const admin = await stores.kafka.admin();
  await admin.createTopics({ topics: [{ topic: naming.topic, numPartitions: 3, replicationFactor: 1 }], waitForLeaders: true });
});

describe('products refresh when a store goes down', { timeout: 300_000 }, () => {
  it('HDFS down during land_raw: the landing fails, the old day stays whole, and a retry lands the new day', async () => {
    const healthy = createProductActivities(stores, config, naming);
    const flaky = createProductActivities(down, config, naming);
    const day = `${naming.rawRoot}/dt=2026-12-06`;
    await run(healthy, 'landRawProducts', { crawled: [await stagedCrawl('green-mart')] });
    const oldDay = await dayListing(day);

    const crawled = [await stagedCrawl('green-mart'), await stagedCrawl('eco-box'), await stagedCrawl('mul-maru')];
    hdfsProxy.cutAfter(hdfsProxy.requests + 12);
    await assert.rejects(run(flaky, 'landRawProducts', { crawled }));
    assert.deepEqual(await dayListing(day), oldDay, 'the day changed although the landing failed');

    await hdfsProxy.restore();
    const landed = await run(flaky, 'landRawProducts', { crawled });
    assert.deepEqual(landed.partitions.map((p) => p.shop), ['green-mart', 'eco-box', 'mul-maru']);
    assert.equal(landed.replaced, true);
    assert.deepEqual((await stores.hdfs.hdfs.list(`${naming.stagingRoot}/products_land`)).map((s) => s.pathSuffix), [], 'staging leftovers');
    assert.equal(landed.rows, crawled.reduce((n, c) => n + c.items, 0));
  });

  it('OpenSearch down during build_index: the build fails and search keeps serving the old index', async () => {
    const healthy = createProductActivities(stores, config, naming);
    const flaky = createProductActivities(down, config, naming);
    const landed = await run(healthy, 'landRawProducts', { crawled: [await stagedCrawl('green-mart'), await stagedCrawl('eco-box')] });
    const transformed = [];
    for (const item of landed.partitions) transformed.push(await run(healthy, 'transformRawPartition', { item }));
    const published = await run(healthy, 'publishCleanProducts', { transformed });
    const built = await run(healthy, 'buildProductsIndex', { published });
    const checked = await run(healthy, 'checkProductsQuality', { built, published, minRatio: 0.5, maxRejectRatio: 0.05, queries: ['생수'] });
    await run(healthy, 'swapProductsAlias', { checked });
    const served = await countDocs(stores.search.client, naming.alias);

    // Down after the index is created, before the bulk request is answered.
    searchProxy.cutAfter(searchProxy.requests + 3);
    await assert.rejects(run(flaky, 'buildProductsIndex', { published }));
    assert.deepEqual(await aliasTargets(stores.search.client, naming.alias), [built.index]);
    assert.equal(await countDocs(stores.search.client, naming.alias), served);
    const { body } = await stores.search.client.search({ index: naming.alias, body: { query: { match: { 'title.bigram': '삼다수' } } } });
    assert.ok(body.hits.hits.length > 0, 'search stopped serving');

    await searchProxy.restore();
    const rebuilt = await run(flaky, 'buildProductsIndex', { published });
    assert.equal(rebuilt.docs, published.products);
    assert.notEqual(rebuilt.index, built.index);
  });
});
