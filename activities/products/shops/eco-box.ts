/**
 * 에코박스 (demo): one feed per category that loads 20 more items as the reader scrolls, ending with
 * `#feed-end`. Prices show the list price struck through before the sale price: read the `<strong>` only.
 */
import type { ShopAdapter } from '../crawl/shop-adapter';

const adapter: ShopAdapter = {
  id: 'eco-box',
  source: 'eb',
  name: '에코박스',
  baseUrl: 'http://127.0.0.1:4100',
  demo: true,
  startPaths: ['/eco-box/?cat=water', '/eco-box/?cat=drinks'],
  followPattern: /^\/eco-box\/\?cat=[a-z]+$/,
  readySelector: 'article.item',
  extract: {
    item: 'article.item',
    id: '@data-sku',
    title: '.item-title',
    price: '.item-price strong',
    link: 'a.go@href',
    image: 'img@src',
  },
  pagination: { kind: 'infinite-scroll', end: '#feed-end', maxScrolls: 60, idleMs: 4000 },
  rate: { perMinute: 30, concurrency: 1 },
};

export default adapter;
