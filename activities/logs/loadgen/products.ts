/**
 * The synthetic no-label catalogue that search results are clicked in: products shaped like the crawler's
 * output (id with a source suffix, title, volume, unit price = price / quantity), in the categories the search
 * words lead to, priced like Korean shops (a 2 L bottle ≈ 600–1 200 원, a 500 ml sparkling ≈ 700–1 300 원).
 */
import type { ProductCategory } from './search-words';
import type { SeededRandom } from './seeded-random';

/** One product as a click reports it. */
export interface CatalogProduct {
  readonly productId: string;
  readonly name: string;
  readonly category: ProductCategory;
  readonly volumeMl: number | null;
  /** Won per bottle, or null when the listing has no quantity. */
  readonly unitPrice: number | null;
}

const p = (productId: string, name: string, category: ProductCategory, volumeMl: number | null, price: number, quantity: number | null): CatalogProduct => ({
  productId,
  name,
  category,
  volumeMl,
  unitPrice: quantity ? Math.round((price / quantity) * 10) / 10 : null,
});

/** The catalogue. */
export const CATALOG: readonly CatalogProduct[] = [
  p('samdasoo-green-2l-6-cp', '제주삼다수 그린 무라벨 2L x 6입', 'water', 2000, 6480, 6),
  p('samdasoo-green-500-20-cp', '제주삼다수 그린 무라벨 500ml x 20입', 'water', 500, 9900, 20),
  p('icis8-eco-2l-12-ss', '아이시스 8.0 ECO 무라벨 2L x 12입', 'water', 2000, 11900, 12),
  p('icis8-eco-500-20-ss', '아이시스 8.0 ECO 무라벨 500ml x 20입', 'water', 500, 8900, 20),
  p('baeksansoo-nolabel-2l-6-cp', '농심 백산수 무라벨 2L x 6입', 'water', 2000, 7150, 6),
  p('pyeongchang-eco-2l-12-gm', '평창수 무라벨 2L x 12입', 'water', 2000, 9600, 12),
  p('montbert-eco-330-20-ss', '몽베르 무라벨 330ml x 20입', 'water', 330, 7900, 20),
  p('pulmuone-nolabel-2l-6-cp', '풀무원샘물 무라벨 2L x 6입', 'water', 2000, 5990, 6),
  p('dongwon-eco-500-20-gm', '동원샘물 무라벨 500ml x 20입', 'water', 500, 6900, 20),
  p('seoksoo-nolabel-2l-6-11st', '석수 무라벨 2L x 6입', 'water', 2000, 5400, 6),
  p('jpb-1l-bulk-ss', '무라벨 생수 1L (낱개 판매)', 'water', 1000, 900, null),
  p('trevi-nolabel-lemon-500-20-cp', '트레비 무라벨 레몬 500ml x 20입', 'sparkling', 500, 18900, 20),
  p('trevi-nolabel-plain-350-24-ss', '트레비 무라벨 플레인 350ml x 24입', 'sparkling', 350, 16800, 24),
  p('seagram-nolabel-lemon-450-20-cp', '씨그램 무라벨 레몬 450ml x 20입', 'sparkling', 450, 17500, 20),
  p('chojung-eco-500-20-gm', '초정탄산수 무라벨 500ml x 20입', 'sparkling', 500, 15900, 20),
  p('linebacha-nolabel-500-20-11st', '라인바싸 무라벨 500ml x 20입', 'sparkling', 500, 13900, 20),
  p('tamsaa-sparkling-500-20-cp', '탐사 스파클링 무라벨 500ml x 20입', 'sparkling', 500, 10900, 20),
  p('haneulbori-nolabel-500-20-cp', '하늘보리 무라벨 500ml x 20입', 'tea', 500, 15400, 20),
  p('cornsilk-nolabel-500-20-ss', '옥수수수염차 무라벨 500ml x 20입', 'tea', 500, 16900, 20),
  p('boseong-greentea-500-20-gm', '보성녹차 무라벨 500ml x 20입', 'tea', 500, 14500, 20),
  p('barley-tea-1.5l-12-cp', '보리차 무라벨 1.5L x 12입', 'tea', 1500, 19800, 12),
  p('zero-cola-nolabel-500-24-cp', '제로콜라 무라벨 500ml x 24입', 'drink', 500, 27600, 24),
  p('ion-drink-nolabel-500-20-ss', '이온음료 무라벨 500ml x 20입', 'drink', 500, 21900, 20),
  p('coffee-nolabel-270-20-gm', '무라벨 블랙커피 270ml x 20입', 'drink', 270, 19900, 20),
  p('soymilk-nolabel-190-24-11st', '무라벨 두유 190ml x 24입', 'drink', 190, 11900, 24),
];

/**
 * Draws the product clicked after a search in `category`: mostly that category, cheaper bottles more often
 * (the results page shows the unit price), now and then something else on the page.
 */
export function pickClickedProduct(category: ProductCategory, rng: SeededRandom): CatalogProduct {
  const pool = rng.chance(0.9) ? CATALOG.filter((c) => c.category === category) : CATALOG;
  return rng.weighted(pool, (c) => 1 / Math.sqrt(c.unitPrice ?? 1000));
}
