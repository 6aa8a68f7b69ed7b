/**
 * A crawl in its own process, for the kill -9 test: crawls one shop into an HDFS staging folder and prints
 * `pages <n>` after every stored page. Usage: crawl-child.ts <baseUrl> <shop> <folder>
 */
import { crawlShop } from '../../../activities/products/crawl/crawl-shop';
import { CrawlPageStore } from '../../../activities/products/crawl/page-store';
import { shopAdapter } from '../../../activities/products/shops';
import { loadConfig } from '../../../infra/config';
import { closeStores, createStores } from '../../../infra/stores';

async function main(): Promise<void> {
  const [baseUrl = '', shop = '', folder = ''] = process.argv.slice(2);
  const config = loadConfig();
  const stores = createStores(config);
  try {
    await crawlShop({
      adapter: { ...shopAdapter(shop), rate: { perMinute: 30, concurrency: 1 } },
      baseUrl,
      store: new CrawlPageStore(stores.hdfs.hdfs, folder),
      chromiumPath: config.products.chromiumPath,
      pageTimeoutMs: 3000,
      backoff: { initialMs: 100, maxMs: 500 },
      onProgress: (stats) => console.log(`pages ${stats.pages}`),
    });
  } finally {
    await closeStores(stores);
  }
}

void main();
