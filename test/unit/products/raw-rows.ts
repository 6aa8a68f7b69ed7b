import type { RawProduct } from '../../../activities/products/raw-product';

/** A valid raw row of the shop `green-mart` (source `gm`), with overrides. */
export function rawRow(overrides: Partial<RawProduct> = {}): RawProduct {
  return {
    shop: 'green-mart',
    source: 'gm',
    shopItemId: 'GM-1001',
    title: '제주삼다수 그린 무라벨 2L x 6입',
    price: 6480,
    link: 'http://127.0.0.1:4100/green-mart/item/GM-1001',
    imageUrl: 'http://127.0.0.1:4100/green-mart/img/GM-1001.svg',
    shopCategory: '생수',
    pageUrl: 'http://127.0.0.1:4100/green-mart/list?page=1',
    crawledAt: '2026-12-06T02:00:10+09:00',
    ...overrides,
  };
}
