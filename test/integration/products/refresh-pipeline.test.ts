import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { MockActivityEnvironment } from '@temporalio/testing';
import type { CrawledShop } from '../../../activities/products/crawl-task';
import { aliasTargets, countDocs, listIndexes, rollbackAlias } from '../../../activities/search/index-admin';
import { sandboxNaming, type ProductsNaming } from '../../../activities/products/pipeline-naming';
import { createProductActivities } from '../../../activities/products/refresh-activities';
import { isCiaoError } from '../../../domain/errors';
import { HDFS_PATHS } from '../../../infra/contracts';
import { startDemoShops, type DemoShopsServer } from '../../../infra/demo-shops/server';
import type { TaskContext, TaskInvocation } from '../../../workflows/dag/task-context';
import { uniqueSuffix, useStores } from '../../support/stores';

// Registered before useStores, so it runs before the stores close.
after(async () => {
  await shops.close();
  await hdfs.delete(testRoot, { recursive: true });
  const indexes = await listIndexes(search, naming.indexPrefix);
  if (indexes.length > 0) await search.indices.delete({ index: indexes.join(',') });
  const admin = await stores.kafka.admin();
  await admin.deleteTopics({ topics: [naming.topic] }).catch(() => undefined);
});
const { config, stores } = useStores();
const hdfs = stores.hdfs.hdfs;
const search = stores.search.client;
const suffix = uniqueSuffix();
// A sandbox of the file's own (the names `nolabel_refresh` runs with its `sandbox` param): its HDFS folder,
// topic and alias are this file's alone.
const sandbox = `r-${suffix}`;
const naming: ProductsNaming = sandboxNaming(sandbox);
const testRoot = `${HDFS_PATHS.staging}/sandbox/${sandbox}`;
const activities = createProductActivities(stores, config, naming);
const LOGICAL_DATE = '2026-12-06T02:00:00+09:00';
let shops: DemoShopsServer;

const ctx = (taskId: string): TaskContext => ({
  dagId: 'nolabel_refresh',
  runId: `dag:nolabel_refresh:${LOGICAL_DATE}`,
  taskId,
  logicalDate: LOGICAL_DATE,
  dataInterval: { start: LOGICAL_DATE, end: '2026-12-13T02:00:00+09:00' },
  params: {},
  tryNumber: 1,
});

type ProductActivities = typeof activities;

/** Runs an activity as the worker would, in an activity context of one Temporal run. */
function run<K extends keyof ProductActivities>(
  name: K,
  taskId: string,
  args: Parameters<ProductActivities[K]>[0]['args'],
  temporalRunId: string,
): ReturnType<ProductActivities[K]> {
  const env = new MockActivityEnvironment({ workflowExecution: { workflowId: `dag:nolabel_refresh:${LOGICAL_DATE}`, runId: temporalRunId } });
  const activity = activities[name] as (input: TaskInvocation<typeof args>) => ReturnType<ProductActivities[K]>;
  return env.run(activity, { args, ctx: ctx(taskId) }) as ReturnType<ProductActivities[K]>;
}

/** One whole run of the DAG's tasks, in order. */
async function refresh(temporalRunId: string, shopIds: string[] = []) {
  const plan = await run('planProductCrawl', 'plan_crawl', { shops: shopIds, baseUrl: shops.url }, temporalRunId);
  const crawled: CrawledShop[] = [];
  for (const [i, item] of plan.shops.entries()) crawled.push(await run('crawlShopPages', `crawl[${i}]`, { item, pageTimeoutS: 3, maxRetries: 3 }, temporalRunId));
  const landed = await run('landRawProducts', 'land_raw', { crawled }, temporalRunId);
  const transformed = [];
  for (const [i, item] of landed.partitions.entries()) transformed.push(await run('transformRawPartition', `transform[${i}]`, { item }, temporalRunId));
  const published = await run('publishCleanProducts', 'publish_clean', { transformed }, temporalRunId);
  const built = await run('buildProductsIndex', 'build_index', { published }, temporalRunId);
  const checked = await run('checkProductsQuality', 'quality_gate', { built, published, minRatio: 0.5, maxRejectRatio: 0.05, queries: ['생수', '삼다수', '탄산수'] }, temporalRunId);
  const swapped = await run('swapProductsAlias', 'swap_alias', { checked }, temporalRunId);
  const pruned = await run('pruneProductIndexes', 'prune', { keep: 3, swapped }, temporalRunId);
  return { plan, crawled, landed, transformed, published, built, checked, swapped, pruned };
}

before(async () => {
  shops = await startDemoShops({ slowMs: 4000 });
  const admin = await stores.kafka.admin();
  await admin.createTopics({ topics: [{ topic: naming.topic, numPartitions: 3, replicationFactor: 1 }], waitForLeaders: true });
});

describe('nolabel_refresh tasks on the real stack', { timeout: 600_000 }, () => {
  let first: Awaited<ReturnType<typeof refresh>>;

  it('crawls the demo shops, lands the day, transforms, publishes, builds and serves a new index', async () => {
    first = await refresh('temporal-run-1');
    const { landed, transformed, published, built, swapped, pruned } = first;
    // Raw partitions of the day, one per shop, with the failure snapshots and the crawl statistics beside them.
    assert.equal(landed.path, `${naming.rawRoot}/dt=2026-12-06`);
    assert.deepEqual(landed.partitions.map((p) => p.shop).sort(), ['eco-box', 'green-mart', 'mul-maru']);
    const mulMaru = (await hdfs.list(`${landed.path}/shop=mul-maru`)).map((s) => s.pathSuffix);
    assert.deepEqual(mulMaru.sort(), ['_crawl.json', '_failed', '_rejects', 'part-00000.jsonl']);
    assert.ok((await hdfs.list(`${landed.path}/shop=mul-maru/_failed`)).some((s) => s.pathSuffix.endsWith('.png')));
    // Rejects carry their reason; the broken page's rows without a price are among them.
    const rejects = (await hdfs.readFile(`${landed.path}/shop=mul-maru/_rejects/part-00000.jsonl`)).toString('utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { reason: string });
    assert.ok(rejects.some((r) => r.reason === 'bad_price'));
    assert.equal(transformed.reduce((n, t) => n + t.rows, 0), landed.rows);
    // Products shared by shops are merged; the index holds one document per product.
    assert.ok(published.mergedAcrossShops > 50, `${published.mergedAcrossShops} merged`);
    assert.equal(built.index, `${naming.indexPrefix}20261206-1`);
    assert.equal(built.docs, published.products);
    assert.deepEqual(await aliasTargets(search, naming.alias), [built.index]);
    assert.deepEqual(swapped.previous, []);
    assert.equal(pruned.stagingRemoved, true);
    const { body } = await search.search({ index: naming.alias, body: { query: { match: { 'title.bigram': { query: '삼다수', operator: 'and' } } } } });
    assert.ok(body.hits.hits.length > 0);
  });

  it('a rerun of the same day replaces the raw day, builds the next build and swaps to it', async () => {
    const second = await refresh('temporal-run-2', ['green-mart']);
    assert.equal(second.landed.replaced, true);
    assert.deepEqual((await hdfs.list(second.landed.path)).map((s) => s.pathSuffix), ['shop=green-mart']);
    assert.equal(second.built.index, `${naming.indexPrefix}20261206-2`);
    assert.deepEqual(second.swapped.previous, [first.built.index]);
    assert.deepEqual(await aliasTargets(search, naming.alias), [second.built.index]);
  });

  it('the quality gate fails the run and leaves the alias when a known-good query finds nothing or the index shrinks', async () => {
    const served = await aliasTargets(search, naming.alias);
    const built = await run('buildProductsIndex', 'build_index', { published: first.published }, 'temporal-run-3');
    await assert.rejects(
      run('checkProductsQuality', 'quality_gate', { built, published: first.published, minRatio: 0.5, maxRejectRatio: 0.05, queries: ['생수', '존재하지않는상품명'] }, 'temporal-run-3'),
      (err: unknown) => isCiaoError(err, 'ValidationFailed') && /존재하지않는상품명/.test(err.message),
    );
    await assert.rejects(
      run('checkProductsQuality', 'quality_gate', { built: { ...built, docs: 10 }, published: first.published, minRatio: 0.5, maxRejectRatio: 0.05, queries: [] }, 'temporal-run-3'),
      (err: unknown) => isCiaoError(err, 'ValidationFailed') && /under 0.5/.test(err.message),
    );
    await assert.rejects(
      run('checkProductsQuality', 'quality_gate', { built, published: { ...first.published, invalid: Math.ceil(first.published.rows * 0.06) }, minRatio: 0.5, maxRejectRatio: 0.05, queries: [] }, 'temporal-run-3'),
      (err: unknown) => isCiaoError(err, 'ValidationFailed') && /rejected as bad data/.test(err.message),
    );
    assert.deepEqual(await aliasTargets(search, naming.alias), served);
  });

  it('prune keeps the newest three indexes and never the served one; rollback returns to the one before', async () => {
    const built4 = await run('buildProductsIndex', 'build_index', { published: first.published }, 'temporal-run-4');
    assert.equal(built4.index, `${naming.indexPrefix}20261206-4`);
    const checked = await run('checkProductsQuality', 'quality_gate', { built: built4, published: first.published, minRatio: 0.5, maxRejectRatio: 0.05, queries: ['생수'] }, 'temporal-run-4');
    const swapped = await run('swapProductsAlias', 'swap_alias', { checked }, 'temporal-run-4');
    const pruned = await run('pruneProductIndexes', 'prune', { keep: 3, swapped }, 'temporal-run-4');
    assert.deepEqual(pruned.deleted, [`${naming.indexPrefix}20261206-1`]);
    assert.deepEqual(await listIndexes(search, naming.indexPrefix), [2, 3, 4].map((n) => `${naming.indexPrefix}20261206-${n}`));

    const rolled = await rollbackAlias(search, naming.alias, naming.indexPrefix);
    assert.deepEqual(rolled, { from: built4.index, to: `${naming.indexPrefix}20261206-3` });
    assert.deepEqual(await aliasTargets(search, naming.alias), [`${naming.indexPrefix}20261206-3`]);
    assert.ok((await countDocs(search, naming.alias)) > 0);
  });
});
