/**
 * 물마루 (demo): a table drawn from JSON embedded in the page, and a pager that also links to members-only
 * deals (disallowed by robots.txt). Its markup is not always well formed, so items are read with a function
 * rather than plain selectors: the title is the row's link text and the price cell may be missing.
 */
import type { CheerioAPI } from 'cheerio';
import type { ScrapedItem, ShopAdapter } from '../crawl/shop-adapter';
import { parsePrice } from '../crawl/extract-items';

function extractMulMaru(doc: CheerioAPI, pageUrl: string): ScrapedItem[] {
  const items: ScrapedItem[] = [];
  doc('tr.goods-row').each((_, element) => {
    const row = doc(element);
    const shopItemId = row.attr('data-no')?.trim();
    const anchor = row.find('td.goods-name a').first();
    const href = anchor.attr('href');
    if (!shopItemId || !href) return;
    const image = row.find('td.goods-img img').attr('src');
    items.push({
      shopItemId,
      title: anchor.text().replace(/\s+/g, ' ').trim(),
      price: parsePrice(row.find('td.goods-price').first().text()),
      link: new URL(href, pageUrl).href,
      imageUrl: image ? new URL(image, pageUrl).href : null,
      shopCategory: row.find('td.goods-cat').first().text().trim() || null,
    });
  });
  return items;
}

const adapter: ShopAdapter = {
  id: 'mul-maru',
  source: 'mm',
  name: '물마루',
  baseUrl: 'http://127.0.0.1:4100',
  demo: true,
  startPaths: ['/mul-maru/shop?p=1'],
  // Members' pages look like listing pages; robots.txt keeps the crawler out of them, not this pattern.
  followPattern: /^\/mul-maru\/(?:shop|members\/deals)\?p=\d+$/,
  readySelector: 'tr.goods-row',
  extract: extractMulMaru,
  pagination: { kind: 'numbered', links: '#paging a' },
  rate: { perMinute: 90, concurrency: 2 },
};

export default adapter;
