/**
 * robots.txt of a shop, read once per crawl (RFC 9309): a missing file (4xx) allows everything; a file
 * that cannot be read (5xx, network error) disallows everything, so an outage never turns into crawling
 * what the shop forbids.
 */
import robotsParser from 'robots-parser';

/** What robots.txt allows the crawler. */
export interface RobotsRules {
  /** Whether the crawler may fetch `url`. */
  isAllowed(url: string): boolean;
  /** Seconds to wait between requests, when the file asks for it. */
  readonly crawlDelayS: number | undefined;
  /** How the file was read: `ok`, `missing` (allow all) or `unreachable` (disallow all). */
  readonly status: 'ok' | 'missing' | 'unreachable';
}

/**
 * Fetches and parses `<origin>/robots.txt`.
 * @param userAgent the crawler's product token, matched against `User-agent` groups
 * @param timeoutMs request timeout (default 10 000)
 */
export async function loadRobots(origin: string, userAgent: string, timeoutMs = 10_000): Promise<RobotsRules> {
  const robotsUrl = new URL('/robots.txt', origin).href;
  let response: Response;
  try {
    response = await fetch(robotsUrl, { signal: AbortSignal.timeout(timeoutMs), headers: { 'user-agent': userAgent } });
  } catch {
    return { isAllowed: () => false, crawlDelayS: undefined, status: 'unreachable' };
  }
  if (response.status >= 400 && response.status < 500) return { isAllowed: () => true, crawlDelayS: undefined, status: 'missing' };
  if (!response.ok) return { isAllowed: () => false, crawlDelayS: undefined, status: 'unreachable' };
  const robots = robotsParser(robotsUrl, await response.text());
  return {
    // undefined means "not this host": the crawler never leaves the shop's origin, so treat it as allowed.
    isAllowed: (url) => robots.isAllowed(url, userAgent) ?? true,
    crawlDelayS: robots.getCrawlDelay(userAgent),
    status: 'ok',
  };
}
