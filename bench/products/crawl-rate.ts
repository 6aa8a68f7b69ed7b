/**
 * Crawl pages/s on the local demo shops: green-mart (numbered pages drawn by script from a JSON API) with
 * small pages, no injected failures and no rate limit, at 1, 2 and 4 pages at once in one Chromium. Pages
 * are stored to HDFS as in a real crawl (staging under /ciao/tmp/bench-…, removed afterwards).
 */
import { randomUUID } from 'node:crypto';
import { crawlShop } from '../../activities/products/crawl/crawl-shop';
import { CrawlPageStore } from '../../activities/products/crawl/page-store';
import { shopAdapter } from '../../activities/products/shops';
import type { Config } from '../../infra/config';
import { HDFS_PATHS } from '../../infra/contracts';
import { startDemoShops } from '../../infra/demo-shops/server';
import type { Stores } from '../../infra/stores';

/** One concurrency's figure. */
export interface CrawlRate {
  readonly concurrency: number;
  readonly pages: number;
  readonly items: number;
  readonly seconds: number;
}

/** Crawls green-mart once per concurrency. */
export async function measureCrawlRates(config: Config, stores: Stores, concurrencies: readonly number[]): Promise<CrawlRate[]> {
  const shops = await startDemoShops({ failures: false, greenMartPageSize: 6, feedDelayMs: 0 });
  const root = `${HDFS_PATHS.staging}/bench-products-crawl-${randomUUID()}`;
  const out: CrawlRate[] = [];
  try {
    for (const concurrency of concurrencies) {
      const adapter = { ...shopAdapter('green-mart'), rate: { perMinute: 100_000, concurrency } };
      const started = performance.now();
      const stats = await crawlShop({ adapter, baseUrl: shops.url, store: new CrawlPageStore(stores.hdfs.hdfs, `${root}/c${concurrency}`), chromiumPath: config.products.chromiumPath });
      out.push({ concurrency, pages: stats.pages, items: stats.items, seconds: (performance.now() - started) / 1000 });
    }
  } finally {
    await shops.close();
    await stores.hdfs.hdfs.delete(root, { recursive: true });
  }
  return out;
}
