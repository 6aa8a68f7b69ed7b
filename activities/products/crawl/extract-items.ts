/**
 * Reads items off a rendered listing page with an adapter's selectors or extraction function. Works on the
 * HTML string (cheerio), so adapters are tested on fixture files without a browser.
 */
import { load, type AnyNode, type Cheerio, type CheerioAPI } from 'cheerio';
import type { ItemSelectors, ScrapedItem, ShopAdapter } from './shop-adapter';

/** Won from a price text: `6,480원`, `₩6480`, `6480` → 6480; null when it holds no number. */
export function parsePrice(text: string | undefined | null): number | null {
  if (!text) return null;
  const digits = text.normalize('NFKC').replace(/[^\d]/g, '');
  return digits.length > 0 && digits.length <= 9 ? Number(digits) : null;
}

/** `selector`, `selector@attr` or `@attr` read from `item`. */
function readField(doc: CheerioAPI, item: Cheerio<AnyNode>, spec: string): string | undefined {
  const at = spec.lastIndexOf('@');
  const selector = at >= 0 ? spec.slice(0, at).trim() : spec.trim();
  const attr = at >= 0 ? spec.slice(at + 1) : undefined;
  const target = selector ? item.find(selector).first() : item;
  if (target.length === 0) return undefined;
  const value = attr ? target.attr(attr) : target.text();
  return value?.replace(/\s+/g, ' ').trim();
}

function absolute(href: string | undefined, pageUrl: string): string | null {
  if (!href) return null;
  try {
    return new URL(href, pageUrl).href;
  } catch {
    return null;
  }
}

/** Items by selectors; items without an id or a link are skipped (counted by the caller as unreadable). */
export function extractBySelectors(doc: CheerioAPI, selectors: ItemSelectors, pageUrl: string): ScrapedItem[] {
  const items: ScrapedItem[] = [];
  doc(selectors.item).each((_, element) => {
    const item = doc(element);
    const shopItemId = readField(doc, item, selectors.id);
    const link = absolute(readField(doc, item, selectors.link), pageUrl);
    if (!shopItemId || !link) return;
    items.push({
      shopItemId,
      title: readField(doc, item, selectors.title) ?? '',
      price: parsePrice(readField(doc, item, selectors.price)),
      link,
      imageUrl: selectors.image ? absolute(readField(doc, item, selectors.image), pageUrl) : null,
      shopCategory: selectors.category ? (readField(doc, item, selectors.category) ?? null) : null,
    });
  });
  return items;
}

/** What one listing page yields: its items and the listing links to follow. */
export interface PageExtract {
  readonly items: ScrapedItem[];
  /** Absolute URLs of the pagination links that match the adapter's `followPattern`. */
  readonly links: string[];
  /** Item elements found (items plus those skipped for lack of an id or link). */
  readonly elements: number;
}

/** Items and pagination links of a rendered page. */
export function extractPage(adapter: ShopAdapter, html: string, pageUrl: string): PageExtract {
  const doc = load(html);
  const items = typeof adapter.extract === 'function' ? adapter.extract(doc, pageUrl) : extractBySelectors(doc, adapter.extract, pageUrl);
  const elements = typeof adapter.extract === 'function' ? items.length : doc(adapter.extract.item).length;
  const links = new Set<string>();
  if (adapter.pagination.kind === 'numbered') {
    const origin = new URL(pageUrl).origin;
    doc(adapter.pagination.links).each((_, a) => {
      const href = absolute(doc(a).attr('href'), pageUrl);
      if (!href) return;
      const url = new URL(href);
      url.hash = '';
      if (url.origin === origin && adapter.followPattern.test(url.pathname + url.search)) links.add(url.href);
    });
  }
  return { items, links: [...links].sort(), elements };
}
