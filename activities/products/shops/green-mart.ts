/**
 * 그린마트 (demo): numbered pages drawn from a JSON API by the page's script, five page links at a time.
 */
import type { ShopAdapter } from '../crawl/shop-adapter';

const adapter: ShopAdapter = {
  id: 'green-mart',
  source: 'gm',
  name: '그린마트',
  baseUrl: 'http://127.0.0.1:4100',
  demo: true,
  startPaths: ['/green-mart/list?page=1'],
  followPattern: /^\/green-mart\/list\?page=\d+$/,
  readySelector: '.product-card, .error',
  extract: {
    item: 'li.product-card',
    id: '@data-item-id',
    title: '.name',
    price: '.price',
    link: 'a.product-link@href',
    image: 'img.thumb@src',
    category: '.badge-cat',
  },
  pagination: { kind: 'numbered', links: 'nav.pagination a.page' },
  rate: { perMinute: 120, concurrency: 2 },
};

export default adapter;
