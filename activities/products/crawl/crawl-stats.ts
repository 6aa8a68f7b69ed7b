/**
 * Statistics of one shop's crawl: pages, items, failures by cause, duration. Reported in the task's output,
 * heartbeats and note.
 */

/** Why a page attempt failed. */
export type FailureCause = 'http_5xx' | 'http_4xx' | 'timeout' | 'empty_page' | 'storage' | 'other';

/** Statistics of a shop crawl. */
export interface CrawlStats {
  /** Pages crawled into the output (this attempt and earlier ones). */
  pages: number;
  /** Of those, pages found already done by an earlier attempt (resumed). */
  resumedPages: number;
  /** Items read from the pages crawled in this attempt. */
  items: number;
  /** Item elements without an id or link, or rows that failed the raw schema. */
  unreadableItems: number;
  /** Failed attempts by cause (a page retried twice counts twice). */
  failures: Record<FailureCause, number>;
  /** Pages given up on after every retry. */
  failedPages: { url: string; cause: FailureCause; error: string }[];
  /** Links not followed because robots.txt disallows them. */
  robotsBlocked: string[];
  /** Retries made. */
  retries: number;
  /** Wall time of this attempt, ms. */
  durationMs: number;
}

/** Fresh, zeroed statistics. */
export function emptyCrawlStats(): CrawlStats {
  return {
    pages: 0,
    resumedPages: 0,
    items: 0,
    unreadableItems: 0,
    failures: { http_5xx: 0, http_4xx: 0, timeout: 0, empty_page: 0, storage: 0, other: 0 },
    failedPages: [],
    robotsBlocked: [],
    retries: 0,
    durationMs: 0,
  };
}

/** One line for a task note: `green-mart: 10 pages (3 resumed), 218 items, 1 failed page, 2 robots-blocked, 14.2 s`. */
export function describeCrawlStats(shop: string, stats: CrawlStats): string {
  const failed = Object.entries(stats.failures)
    .filter(([, n]) => n > 0)
    .map(([cause, n]) => `${cause} ${n}`)
    .join(', ');
  return (
    `${shop}: ${stats.pages} pages${stats.resumedPages ? ` (${stats.resumedPages} resumed)` : ''}, ${stats.items} items, ` +
    `${stats.failedPages.length} failed page${stats.failedPages.length === 1 ? '' : 's'}${failed ? ` (attempts: ${failed})` : ''}, ` +
    `${stats.robotsBlocked.length} robots-blocked, ${(stats.durationMs / 1000).toFixed(1)} s`
  );
}
