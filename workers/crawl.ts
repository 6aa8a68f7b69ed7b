/**
 * The `crawl` worker process: polls the `crawl` task queue for the shop crawls of `nolabel_refresh` (each a
 * heartbeating activity driving headless Chromium). Apart from the `dags` worker so browsers run where
 * there is memory for them, and so a crashed browser never takes the DAG runner with it; a killed crawl
 * worker's crawls are retried — by another crawl worker or this one restarted — from the pages already
 * stored. Stops cleanly on SIGINT / SIGTERM.
 */
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { createCrawlActivities } from '../activities/products/crawl-task';
import { PRODUCTS_NAMING } from '../activities/products/pipeline-naming';
import { loadConfig } from '../infra/config';
import { TASK_QUEUES } from '../infra/contracts';
import { closeStores, createStores } from '../infra/stores';
import { codedErrorsInterceptor } from './coded-errors';

/** Shops crawled at once by one crawl worker (each with its own Chromium). */
const CONCURRENT_CRAWLS = 2;

async function main(): Promise<void> {
  const config = loadConfig();
  Runtime.install({ logger: new DefaultLogger(config.logLevel === 'debug' || config.logLevel === 'trace' ? 'DEBUG' : 'WARN'), shutdownSignals: ['SIGINT', 'SIGTERM'] });
  const stores = createStores(config);
  const connection = await NativeConnection.connect({ address: config.temporal.address });
  try {
    const worker = await Worker.create({
      connection,
      namespace: config.temporal.namespace,
      taskQueue: TASK_QUEUES.crawl,
      activities: createCrawlActivities(stores, config, PRODUCTS_NAMING),
      interceptors: { activity: [codedErrorsInterceptor] },
      maxConcurrentActivityTaskExecutions: CONCURRENT_CRAWLS,
    });
    console.log(`crawl worker polling task queue "${TASK_QUEUES.crawl}" on ${config.temporal.address} (namespace ${config.temporal.namespace}), Chromium ${config.products.chromiumPath}`);
    await worker.run();
    console.log('crawl worker stopped');
  } finally {
    await connection.close();
    await closeStores(stores);
  }
}

main().catch((err: unknown) => {
  console.error('crawl worker failed:', err);
  process.exit(1);
});
