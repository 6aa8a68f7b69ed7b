/**
 * Crawls one shop with a headless Chromium: Crawlee's PuppeteerCrawler (queue, retries, per-page timeouts,
 * concurrency and rate limits) over puppeteer-core and the system's Chromium. What the crawler adds:
 * robots.txt (every URL is checked before it is queued), resuming from the pages already stored (the page
 * files are the persisted queue, see page-store.ts), backoff between retries, infinite scroll, a screenshot
 * and the HTML of every failed attempt, and statistics.
 */
import { Configuration, log, LogLevel, PuppeteerCrawler, RequestQueue, type PuppeteerCrawlingContext } from '@crawlee/puppeteer';
import { randomUUID } from 'node:crypto';
import puppeteer, { type HTTPResponse, type Page } from 'puppeteer-core';
import { InfraError } from '../../../domain/errors';
import { seoulIsoSeconds } from '../../../domain/korea-time';
import { checkRawProduct, type RawProduct } from '../raw-product';
import { emptyCrawlStats, type CrawlStats, type FailureCause } from './crawl-stats';
import { extractPage } from './extract-items';
import type { CrawlPageStore } from './page-store';
import { loadRobots } from './robots';
import type { Pagination, ShopAdapter } from './shop-adapter';

// Crawlee logs every request, retry and failure; the task's statistics and failure snapshots say what matters.
log.setLevel(LogLevel.OFF);

/** The crawler's product token in robots.txt and its User-Agent. */
export const CRAWLER_USER_AGENT = 'CiaoLabelLaBot';

/** Options of {@link crawlShop}. */
export interface CrawlShopOptions {
  readonly adapter: ShopAdapter;
  /** Overrides the adapter's base URL (the demo shops' port is configurable). */
  readonly baseUrl?: string;
  readonly store: CrawlPageStore;
  /** Chromium executable (config `CHROMIUM_PATH`). */
  readonly chromiumPath: string;
  /** Time for a page to load and draw its listing, ms (default 30 000). */
  readonly pageTimeoutMs?: number;
  /** Retries of a failed page (default 3). */
  readonly maxRetries?: number;
  /** Backoff before retry n: `initialMs × 2^(n−1)`, at most `maxMs` (default 1 000 and 30 000). */
  readonly backoff?: { readonly initialMs: number; readonly maxMs: number };
  /** Stop after this many pages in one crawl (default 2 000). */
  readonly maxPages?: number;
  /** Called after each page and each failure, e.g. to heartbeat. */
  readonly onProgress?: (stats: CrawlStats) => void;
  /** Aborts the crawl (activity cancellation). */
  readonly signal?: AbortSignal;
}

/** A failed page attempt with its cause; `retry: false` gives the page up at once (a 404). */
class PageFailure extends Error {
  constructor(
    readonly failureCause: FailureCause,
    message: string,
    readonly retry = true,
  ) {
    super(message);
  }
}

function causeOf(error: Error): FailureCause {
  if (error instanceof PageFailure) return error.failureCause;
  return /timed? ?out|timeout/i.test(`${error.name} ${error.message}`) ? 'timeout' : 'other';
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Scrolls until the end marker shows, the page stops growing for `idleMs`, or `maxScrolls`. */
async function scrollToEnd(page: Page, pagination: Extract<Pagination, { kind: 'infinite-scroll' }>): Promise<void> {
  const end = JSON.stringify(pagination.end);
  for (let i = 0; i < pagination.maxScrolls; i++) {
    if (await page.$(pagination.end)) return;
    const height = (await page.evaluate('document.body.scrollHeight')) as number;
    await page.evaluate('window.scrollTo(0, document.body.scrollHeight)');
    try {
      await page.waitForFunction(`document.querySelector(${end}) !== null || document.body.scrollHeight > ${height}`, { timeout: pagination.idleMs, polling: 100 });
    } catch {
      throw new PageFailure('timeout', `the feed stopped growing for ${pagination.idleMs} ms before ${pagination.end}`);
    }
  }
  if (!(await page.$(pagination.end))) throw new PageFailure('timeout', `${pagination.end} not reached after ${pagination.maxScrolls} scrolls`);
}

/**
 * Crawls the shop into `store`, resuming from the pages it already holds.
 * @returns the statistics (pages include resumed ones; items and failures are this attempt's)
 * @throws InfraError `ServiceUnavailable` when robots.txt cannot be read (nothing is crawled then)
 */
export async function crawlShop(options: CrawlShopOptions): Promise<CrawlStats> {
  const { adapter, store } = options;
  const started = Date.now();
  const stats = emptyCrawlStats();
  const pageTimeoutMs = options.pageTimeoutMs ?? 30_000;
  const backoff = options.backoff ?? { initialMs: 1000, maxMs: 30_000 };
  const base = (options.baseUrl ?? adapter.baseUrl).replace(/\/$/, '');
  const robots = await loadRobots(new URL(base).origin, CRAWLER_USER_AGENT);
  if (robots.status === 'unreachable') throw new InfraError('ServiceUnavailable', `${base}/robots.txt cannot be read: not crawling ${adapter.id}`, { shop: adapter.id });

  const done = await store.donePages();
  stats.pages = stats.resumedPages = done.length;
  const seen = new Set<string>(done.map((p) => p.url));
  const attempts = new Map<string, number>();
  const progress = () => {
    stats.durationMs = Date.now() - started;
    options.onProgress?.(stats);
  };
  /** URLs to queue among `urls`: new, and allowed by robots.txt. */
  const admit = (urls: Iterable<string>): string[] => {
    const out: string[] = [];
    for (const url of urls) {
      if (seen.has(url)) continue;
      seen.add(url);
      if (robots.isAllowed(url)) out.push(url);
      else stats.robotsBlocked.push(url);
    }
    return out;
  };
  const seeds = admit([...adapter.startPaths.map((p) => new URL(p, `${base}/`).href), ...done.flatMap((p) => p.links)]);
  if (seeds.length === 0) {
    progress();
    return stats;
  }

  const snapshot = async (page: Page | undefined, url: string, cause: FailureCause, error: Error) => {
    const attempt = (attempts.get(url) ?? 0) + 1;
    attempts.set(url, attempt);
    let html: string | null = null;
    let screenshot: Uint8Array | null = null;
    if (page && !page.isClosed()) {
      html = await Promise.race([page.content(), sleep(5000).then(() => null)]).catch(() => null);
      screenshot = await Promise.race([page.screenshot({ type: 'png' }), sleep(5000).then(() => null)]).catch(() => null);
    }
    await store.saveFailure({ url, attempt, cause, error: error.message.slice(0, 2000), at: seoulIsoSeconds(new Date()), html, screenshot }).catch(() => undefined);
  };

  const perMinute = Math.min(adapter.rate.perMinute, robots.crawlDelayS ? Math.floor(60 / robots.crawlDelayS) : Infinity);
  const config = new Configuration({ persistStorage: false, purgeOnStart: true });
  const queue = await RequestQueue.open(`crawl-${adapter.id}-${randomUUID()}`, { config });
  const scrollBudgetS = adapter.pagination.kind === 'infinite-scroll' ? (adapter.pagination.maxScrolls * adapter.pagination.idleMs) / 1000 : 0;

  const crawler: PuppeteerCrawler = new PuppeteerCrawler(
    {
      requestQueue: queue,
      launchContext: {
        launcher: puppeteer,
        useIncognitoPages: false,
        userAgent: `Mozilla/5.0 (X11; Linux x86_64) ${CRAWLER_USER_AGENT}/1.0`,
        launchOptions: {
          executablePath: options.chromiumPath,
          headless: true,
          // Over a pipe, Chromium exits with the worker even when the worker is killed with -9.
          pipe: true,
          args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--lang=ko-KR'],
        },
      },
      browserPoolOptions: { useFingerprints: false, retireBrowserAfterPageCount: 200 },
      useSessionPool: false,
      persistCookiesPerSession: false,
      // The adapter's concurrency from the start: Crawlee's autoscaler otherwise starts at one page and, on a
      // busy machine, never scales up.
      minConcurrency: adapter.rate.concurrency,
      maxConcurrency: adapter.rate.concurrency,
      maxRequestsPerMinute: perMinute,
      maxRequestRetries: options.maxRetries ?? 3,
      maxRequestsPerCrawl: options.maxPages ?? 2000,
      navigationTimeoutSecs: pageTimeoutMs / 1000,
      requestHandlerTimeoutSecs: pageTimeoutMs / 1000 + scrollBudgetS + 30,
      preNavigationHooks: [
        (_ctx, gotoOptions) => {
          if (gotoOptions) (gotoOptions as { waitUntil?: string }).waitUntil = 'domcontentloaded';
        },
      ],
      async requestHandler(context: PuppeteerCrawlingContext) {
        // Crawlee types its page with the full `puppeteer` package, which is not installed: puppeteer-core's
        // types are the same classes.
        const page = context.page as unknown as Page;
        const response = context.response as unknown as HTTPResponse | null | undefined;
        const { request } = context;
        const status = response?.status() ?? 0;
        if (status >= 400) {
          const retry = status >= 500 || status === 429;
          request.noRetry = !retry;
          throw new PageFailure(status >= 500 ? 'http_5xx' : 'http_4xx', `HTTP ${status}`, retry);
        }
        try {
          await page.waitForSelector(adapter.readySelector, { timeout: pageTimeoutMs });
        } catch {
          throw new PageFailure('timeout', `${adapter.readySelector} did not appear within ${pageTimeoutMs} ms`);
        }
        if (adapter.pagination.kind === 'infinite-scroll') await scrollToEnd(page, adapter.pagination);
        const extract = extractPage(adapter, await page.content(), request.url);
        if (extract.elements === 0) throw new PageFailure('empty_page', 'the page drew no items');
        const crawledAt = seoulIsoSeconds(new Date());
        const rows: RawProduct[] = [];
        for (const item of extract.items) {
          const checked = checkRawProduct({ shop: adapter.id, source: adapter.source, ...item, pageUrl: request.url, crawledAt });
          if (checked.ok) rows.push(checked.row);
        }
        try {
          await store.savePage({ url: request.url, links: extract.links, items: rows.length, crawledAt }, rows);
        } catch (err) {
          throw new PageFailure('storage', `storing the page failed: ${(err as Error).message}`);
        }
        stats.pages++;
        stats.items += rows.length;
        stats.unreadableItems += extract.elements - rows.length;
        const next = admit(extract.links);
        if (next.length > 0) await crawler.addRequests(next);
        progress();
      },
      async errorHandler({ page, request }, error) {
        const cause = causeOf(error);
        stats.failures[cause]++;
        stats.retries++;
        await snapshot(page as Page | undefined, request.url, cause, error);
        progress();
        await sleep(Math.min(backoff.maxMs, backoff.initialMs * 2 ** request.retryCount));
      },
      async failedRequestHandler({ page, request }, error) {
        const cause = causeOf(error);
        stats.failures[cause]++;
        stats.failedPages.push({ url: request.url, cause, error: error.message.slice(0, 500) });
        await snapshot(page as Page | undefined, request.url, cause, error);
        progress();
      },
    },
    config,
  );
  const abort = () => void crawler.autoscaledPool?.abort();
  options.signal?.addEventListener('abort', abort, { once: true });
  try {
    await crawler.run(seeds);
  } finally {
    options.signal?.removeEventListener('abort', abort);
    await queue.drop().catch(() => undefined);
  }
  // A 4xx page is given up without retries: Crawlee calls only failedRequestHandler for it, as wanted.
  progress();
  return stats;
}
