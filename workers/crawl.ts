/**
 * The `crawl` worker process: polls the `crawl` task queue for the shop crawls of `nolabel_refresh` (each a
 * heartbeating activity driving headless Chromium). Apart from the `dags` worker so browsers run where
 * there is memory for them, and so a crashed browser never takes the DAG runner with it; a killed crawl
 * worker's crawls are retried — by another crawl worker or this one restarted — from the pages already
 * stored. Stops cleanly on SIGINT / SIGTERM.
 */
import { createCrawlActivities } from '../activities/products/crawl-task';
import { PRODUCTS_NAMING } from '../activities/products/pipeline-naming';
import { TASK_QUEUES } from '../infra/contracts';
import { closeStores, createStores } from '../infra/stores';
import { runActivityWorker } from './activity-worker';

/** Shops crawled at once by one crawl worker (each with its own Chromium). */
const CONCURRENT_CRAWLS = 2;

runActivityWorker('crawl', (config) => {
  const stores = createStores(config);
  return Promise.resolve({
    taskQueue: TASK_QUEUES.crawl,
    activities: createCrawlActivities(stores, config, PRODUCTS_NAMING),
    options: { maxConcurrentActivityTaskExecutions: CONCURRENT_CRAWLS },
    describe: `Chromium ${config.products.chromiumPath}`,
    close: () => closeStores(stores),
  });
});
