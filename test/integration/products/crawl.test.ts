import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { crawlShop } from '../../../activities/products/crawl/crawl-shop';
import { CrawlPageStore } from '../../../activities/products/crawl/page-store';
import { shopAdapter } from '../../../activities/products/shops';
import { checkRawProduct } from '../../../activities/products/raw-product';
import { HDFS_PATHS } from '../../../infra/contracts';
import { startDemoShops, type DemoShopsServer } from '../../../infra/demo-shops/server';
import { uniqueSuffix, useStores } from '../../support/stores';

const { config, stores } = useStores();
const hdfs = stores.hdfs.hdfs;
const root = `${HDFS_PATHS.staging}/test-products-crawl-${uniqueSuffix()}`;
let shops: DemoShopsServer;

before(async () => {
  shops = await startDemoShops({ slowMs: 5000 });
});
after(async () => {
  await shops.close();
  await hdfs.delete(root, { recursive: true });
});

async function storedRows(store: CrawlPageStore) {
  const pages = await store.readRows();
  return pages.flatMap((p) => p.rows.map((line) => JSON.parse(line) as unknown));
}

function crawl(shop: string, store: CrawlPageStore) {
  return crawlShop({ adapter: shopAdapter(shop), baseUrl: shops.url, store, chromiumPath: config.products.chromiumPath, pageTimeoutMs: 3000, backoff: { initialMs: 100, maxMs: 500 } });
}

describe('crawling the demo shops with Chromium', { timeout: 240_000 }, () => {
  it('reads every listing of numbered pages once, retrying a 503 page and a slow page', async () => {
    const store = new CrawlPageStore(hdfs, `${root}/shop=green-mart`);
    const stats = await crawl('green-mart', store);
    const rows = await storedRows(store);
    const ids = rows.map((r) => (r as { shopItemId: string }).shopItemId);
    assert.equal(rows.length, shops.catalogue.get('green-mart')?.length);
    assert.equal(new Set(ids).size, ids.length, 'an item was stored twice');
    assert.ok(rows.every((r) => checkRawProduct(r).ok));
    assert.equal(stats.failures.http_5xx, 2);
    assert.equal(stats.failures.timeout, 1);
    assert.deepEqual(stats.failedPages, []);
    // Each failed attempt left a screenshot and the HTML.
    const failed = (await hdfs.list(store.failedFolder)).map((f) => f.pathSuffix);
    assert.equal(failed.filter((f) => f.endsWith('.png')).length, 3);
    assert.equal(failed.filter((f) => f.endsWith('.html')).length, 3);
  });

  it('scrolls an infinite feed to its end', async () => {
    const store = new CrawlPageStore(hdfs, `${root}/shop=eco-box`);
    const stats = await crawl('eco-box', store);
    assert.equal(stats.pages, 2);
    assert.equal((await storedRows(store)).length, shops.catalogue.get('eco-box')?.length);
  });

  it('keeps out of what robots.txt disallows, and records a page that always fails', async () => {
    const store = new CrawlPageStore(hdfs, `${root}/shop=mul-maru`);
    const stats = await crawl('mul-maru', store);
    assert.ok(stats.robotsBlocked.some((url) => url.includes('/mul-maru/members/')));
    assert.ok(![...shops.requests.keys()].some((key) => key.startsWith('/mul-maru/members/')), 'a disallowed page was fetched');
    assert.deepEqual(stats.failedPages.map((p) => [new URL(p.url).search, p.cause]), [['?p=4', 'http_5xx']]);
    // Page 4's 20 listings are missing; the broken page 6 still gave its rows.
    assert.equal((await storedRows(store)).length, (shops.catalogue.get('mul-maru')?.length ?? 0) - 20);
  });

  it('resumes after its process is killed with -9: stored pages are not fetched again, no item twice', async () => {
    const folder = `${root}/shop=green-mart-killed`;
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'crawl-child.ts'), shops.url, 'green-mart', folder], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        if (/pages [4-9]/.test(chunk.toString())) resolve();
      });
      child.once('exit', (code) => reject(new Error(`the crawl ended (${code}) before it was killed`)));
    });
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    const store = new CrawlPageStore(hdfs, folder);
    const donePages = await store.donePages();
    assert.ok(donePages.length >= 4 && donePages.length < 10, `${donePages.length} pages stored before the kill`);
    const before = new Map(donePages.map((p) => [new URL(p.url).pathname + new URL(p.url).search, shops.requests.get(new URL(p.url).pathname + new URL(p.url).search) ?? 0]));

    const stats = await crawl('green-mart', store);
    assert.equal(stats.resumedPages, donePages.length);
    assert.equal(stats.pages, 10);
    for (const [page, count] of before) assert.equal(shops.requests.get(page), count, `${page} was fetched again`);
    const ids = (await storedRows(store)).map((r) => (r as { shopItemId: string }).shopItemId);
    assert.equal(ids.length, shops.catalogue.get('green-mart')?.length);
    assert.equal(new Set(ids).size, ids.length);
  });
});
