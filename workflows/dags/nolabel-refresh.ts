/**
 * `nolabel_refresh`, Sundays 02:00 Korea time: the label-free product catalogue, rebuilt from the shops.
 *
 *   plan_crawl ─► crawl[i] (one per shop, `crawl` queue) ─► land_raw ─► transform[i] (one per shop)
 *     ─► publish_clean ─► build_index ─► quality_gate ─► swap_alias ─► prune
 *
 * The crawl writes each shop's pages to HDFS staging (resumed by a retry or a replacement worker); land_raw
 * puts the day's raw partitions in place (`/ciao/products/raw/dt=<day>/shop=<shop>/part-*.jsonl`, a rerun
 * replaces the day); the transform cleans each shop (rejects beside the raw data, `_rejects/`);
 * publish_clean merges the shops and publishes to Kafka `products.clean`; build_index fills a new index
 * `nolabel-products-<YYYYMMDD>-<n>` from exactly those offsets; the quality gate decides whether the alias
 * `nolabel-products` may move; the swap is one atomic `_aliases` call; prune keeps the newest 3 indexes.
 * `ciao products rollback` points the alias back at the previous index.
 */
import { Type } from '@sinclair/typebox';
import type { Activities } from '../../activities';
import { dag } from '../dag/dsl';

export const nolabelRefresh = dag<Activities>(
  'nolabel_refresh',
  {
    description: 'Sundays 02:00: crawl the label-free shops → HDFS → transform → Kafka products.clean → new index → quality gate → alias swap',
    // One run at a time, no catch-up: a missed Sunday is replaced by the next one (a refresh, not a history).
    schedule: { cron: '0 2 * * 0', timezone: 'Asia/Seoul', catchup: false, overlap: 'skip', maxActiveRuns: 1 },
    params: Type.Object({
      shops: Type.Array(Type.String({ pattern: '^[a-z0-9-]+$' }), { description: 'Shop adapters to crawl (empty: all of activities/products/shops)' }),
      baseUrl: Type.Union([Type.String({ minLength: 1 }), Type.Null()], { description: 'Base URL for every shop instead of its own (null: each adapter’s; demo shops use DEMO_SHOPS_URL)' }),
      pageTimeoutS: Type.Integer({ minimum: 1, maximum: 600, description: 'Seconds for a page to load and draw its listing' }),
      maxPageRetries: Type.Integer({ minimum: 0, maximum: 10, description: 'Retries of a failed page' }),
      minRatio: Type.Number({ minimum: 0, maximum: 1, description: 'Quality gate: smallest new/previous document ratio' }),
      maxRejectRatio: Type.Number({ minimum: 0, maximum: 1, description: 'Quality gate: largest share of raw rows rejected as bad data' }),
      queries: Type.Array(Type.String({ minLength: 1 }), { description: 'Quality gate: known-good queries that must each find a product' }),
      keepIndexes: Type.Integer({ minimum: 1, maximum: 20, description: 'Product indexes kept by prune (the served one included)' }),
      sandbox: Type.Union([Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,39}$' }), Type.Null()], {
        description: 'Run under sandbox names (HDFS /ciao/tmp/sandbox/<name>/, topic sandbox.<name>.products.clean, alias sandbox-<name>-nolabel-products): tests and rehearsals',
      }),
    }),
    defaultParams: { shops: [], baseUrl: null, pageTimeoutS: 30, maxPageRetries: 3, minRatio: 0.5, maxRejectRatio: 0.05, queries: ['생수', '삼다수', '탄산수'], keepIndexes: 3, sandbox: null },
    defaults: { retry: { attempts: 3, initialInterval: '10s', maximumInterval: '2m' }, timeouts: { startToClose: '30m' } },
    runTimeout: '6h',
    tags: ['products', 'nolabel'],
  },
  (b) => {
    const plan = b.task('plan_crawl', { activity: 'planProductCrawl', args: { shops: b.param<string[]>('shops'), baseUrl: b.param<string | null>('baseUrl') }, doc: 'The shops to crawl' });
    const crawled = b.map('crawl', {
      activity: 'crawlShopPages',
      over: plan.field('shops'),
      args: { pageTimeoutS: b.param<number>('pageTimeoutS'), maxRetries: b.param<number>('maxPageRetries') },
      concurrency: 2,
      taskQueue: 'crawl',
      // A killed crawl worker is noticed within 30 s; the retry resumes from the stored pages.
      timeouts: { startToClose: '2h', heartbeat: '30s' },
      doc: 'One shop per item, headless Chromium on the crawl queue; resumes from the pages already stored',
    });
    const landed = b.task('land_raw', { activity: 'landRawProducts', args: { crawled: crawled.output() }, doc: 'Raw partitions of the day via staging + rename (a rerun replaces the day)' });
    const transformed = b.map('transform', {
      activity: 'transformRawPartition',
      over: landed.field('partitions'),
      concurrency: 2,
      timeouts: { startToClose: '30m', heartbeat: '5m' },
      doc: 'Normalise, drop noise, size, price per unit; rejects with reasons beside the raw data',
    });
    const published = b.task('publish_clean', { activity: 'publishCleanProducts', args: { transformed: transformed.output() }, doc: 'Merge shops (cheapest offer, every link), publish to products.clean keyed by id' });
    const built = b.task('build_index', {
      activity: 'buildProductsIndex',
      args: { published: published.output() },
      timeouts: { startToClose: '1h', heartbeat: '5m' },
      doc: 'New dated index with explicit mappings, from the run’s offsets',
    });
    const checked = b.task('quality_gate', {
      activity: 'checkProductsQuality',
      args: { built: built.output(), published: published.output(), minRatio: b.param<number>('minRatio'), maxRejectRatio: b.param<number>('maxRejectRatio'), queries: b.param<string[]>('queries') },
      retry: { attempts: 1 },
      doc: 'Document ratio, reject ratio, known-good queries: fails the run and keeps the alias',
    });
    // The asset `nolabel-products` (the index the site searches) changes here: DAGs may run on it (runsOnAssets).
    const swapped = b.task('swap_alias', { activity: 'swapProductsAlias', args: { checked: checked.output() }, outlets: ['nolabel-products'], doc: 'One atomic _aliases call; produces the asset nolabel-products' });
    b.task('prune', { activity: 'pruneProductIndexes', args: { keep: b.param<number>('keepIndexes'), swapped: swapped.output() }, doc: 'Keep the newest indexes; remove the run’s crawl staging' });
  },
);
