/**
 * The crawl tasks of `nolabel_refresh`: which shops to crawl, and one shop's crawl as a heartbeating
 * activity on the `crawl` task queue. A shop's pages go to an HDFS staging folder of the run (keyed by the
 * Temporal run, so the DAG's own retries and a replacement worker resume the same crawl; a new run of the
 * same day starts afresh).
 */
import { Context } from '@temporalio/activity';
import type { Config } from '../../infra/config';
import type { Stores } from '../../infra/stores';
import type { TaskInvocation } from '../../workflows/dag/task-context';
import { crawlShop } from './crawl/crawl-shop';
import { describeCrawlStats, type CrawlStats, type FailureCause } from './crawl/crawl-stats';
import { CrawlPageStore } from './crawl/page-store';
import { crawlStagingPath, runDayOf, namingOf, type ProductsNaming } from './pipeline-naming';
import { SHOP_ADAPTERS, shopAdapter } from './shops';

/** One shop to crawl. */
export interface CrawlTarget {
  readonly shop: string;
  /** Base URL override, or null for the adapter's (demo shops: `DEMO_SHOPS_URL`). */
  readonly baseUrl: string | null;
}

/** Output of `planProductCrawl`. */
export interface CrawlPlan {
  readonly day: string;
  readonly shops: CrawlTarget[];
}

/** Output of `crawlShopPages`: where the pages are, and the statistics. */
export interface CrawledShop {
  readonly shop: string;
  readonly source: string;
  readonly day: string;
  /** HDFS staging folder of the shop's pages (`pages/`) and failure snapshots (`_failed/`). */
  readonly staging: string;
  readonly pages: number;
  readonly resumedPages: number;
  readonly items: number;
  readonly unreadableItems: number;
  readonly failures: Readonly<Record<FailureCause, number>>;
  /** Pages given up on (first 20). */
  readonly failedPages: readonly { readonly url: string; readonly cause: FailureCause; readonly error: string }[];
  readonly failedPageCount: number;
  readonly robotsBlocked: number;
  readonly durationMs: number;
  /** One line for people. */
  readonly summary: string;
}

/** Arguments of `crawlShopPages` (a map item plus run params). */
export interface CrawlShopArgs {
  readonly item: CrawlTarget;
  /** Seconds for a page to load and draw its listing. */
  readonly pageTimeoutS: number;
  /** Retries of a failed page. */
  readonly maxRetries: number;
}

function summarize(target: { shop: string; source: string; day: string; staging: string }, stats: CrawlStats): CrawledShop {
  return {
    ...target,
    pages: stats.pages,
    resumedPages: stats.resumedPages,
    items: stats.items,
    unreadableItems: stats.unreadableItems,
    failures: { ...stats.failures },
    failedPages: stats.failedPages.slice(0, 20),
    failedPageCount: stats.failedPages.length,
    robotsBlocked: stats.robotsBlocked.length,
    durationMs: stats.durationMs,
    summary: describeCrawlStats(target.shop, stats),
  };
}

/** The crawl activities. */
export function createCrawlActivities(stores: Stores, config: Config, baseNaming: ProductsNaming) {
  return {
    /** The shops to crawl: the `shops` param, or every adapter when it is empty. */
    planProductCrawl(input: TaskInvocation<{ shops: readonly string[]; baseUrl: string | null }>): Promise<CrawlPlan> {
      const ids = input.args.shops.length > 0 ? input.args.shops : SHOP_ADAPTERS.map((a) => a.id);
      // Unknown names fail here, before any browser starts.
      const shops = ids.map((id) => ({ shop: shopAdapter(id).id, baseUrl: input.args.baseUrl }));
      return Promise.resolve({ day: runDayOf(input.ctx.logicalDate), shops });
    },

    /** Crawls one shop (heartbeats its progress; resumes from the pages the run already stored). */
    async crawlShopPages(input: TaskInvocation<CrawlShopArgs>): Promise<CrawledShop> {
      const naming = namingOf(baseNaming, input.ctx.params);
      const activity = Context.current();
      const adapter = shopAdapter(input.args.item.shop);
      const day = runDayOf(input.ctx.logicalDate);
      const staging = `${crawlStagingPath(naming, day, activity.info.workflowExecution?.runId ?? input.ctx.runId)}/shop=${adapter.id}`;
      const baseUrl = input.args.item.baseUrl ?? (adapter.demo ? config.products.demoShopsUrl : adapter.baseUrl);
      let last: CrawlStats | undefined;
      const beat = () => activity.heartbeat(last ? { pages: last.pages, items: last.items, failedPages: last.failedPages.length } : { starting: adapter.id });
      // Heartbeat on a clock too: a slow page must not look like a dead worker.
      const timer = setInterval(beat, 10_000);
      try {
        beat();
        const stats = await crawlShop({
          adapter,
          baseUrl,
          store: new CrawlPageStore(stores.hdfs.hdfs, staging),
          chromiumPath: config.products.chromiumPath,
          pageTimeoutMs: input.args.pageTimeoutS * 1000,
          maxRetries: input.args.maxRetries,
          signal: activity.cancellationSignal,
          onProgress: (stats) => {
            last = stats;
            beat();
          },
        });
        return summarize({ shop: adapter.id, source: adapter.source, day, staging }, stats);
      } finally {
        clearInterval(timer);
      }
    },
  };
}
