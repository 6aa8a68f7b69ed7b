/**
 * Test support for the product search: the fixture catalogue (the demo shops' listings — real Korean brands,
 * each shop's title style — through the refresh's own transform and cross-shop merge, so the search is tested
 * on exactly what the pipeline indexes) and an index of it built with the refresh's mapping.
 */
import type { Client } from '@opensearch-project/opensearch';
import type { CleanProduct } from '../../activities/products/clean-product';
import { bulkIndexDocs } from '../../activities/search/bulk-index';
import { dedupeProducts } from '../../activities/products/transform/dedupe-products';
import { transformRow } from '../../activities/products/transform/transform-row';
import { buildDemoCatalogue, DEMO_SHOPS } from '../../infra/demo-shops/catalogue';
import { productsIndexBody } from '../../infra/search-indexes';

/** Source code of each demo shop (as its adapter has it). */
const SOURCES: Readonly<Record<string, string>> = { 'green-mart': 'gm', 'eco-box': 'eb', 'mul-maru': 'mm' };
/** Where each demo shop shows one product (infra/demo-shops/server.ts). */
const ITEM_PATHS: Readonly<Record<string, string>> = { 'green-mart': 'item', 'eco-box': 'p', 'mul-maru': 'goods' };

/**
 * The clean products of the demo catalogue (seed 42): about 260 products, links and images on the demo shops.
 * @param shopsUrl base URL of the demo shops (links and image URLs point there)
 */
export function fixtureProducts(shopsUrl = 'http://127.0.0.1:4100'): CleanProduct[] {
  const kept: CleanProduct[] = [];
  for (const [shop, listings] of buildDemoCatalogue(42)) {
    for (const l of listings) {
      const result = transformRow({
        shop,
        source: SOURCES[shop] ?? 'xx',
        shopItemId: l.itemId,
        title: l.title,
        price: l.price,
        link: `${shopsUrl}/${shop}/${ITEM_PATHS[shop] ?? 'item'}/${encodeURIComponent(l.itemId)}`,
        imageUrl: `${shopsUrl}/img/${shop}/${encodeURIComponent(l.itemId)}.svg`,
        shopCategory: l.category,
        pageUrl: `${shopsUrl}/${shop}/`,
        crawledAt: '2026-12-06T02:00:00+09:00',
      });
      if (result.ok) kept.push(result.product);
    }
  }
  if (DEMO_SHOPS.some((s) => !SOURCES[s.id])) throw new Error('a demo shop has no source code in test/support/search-fixture.ts');
  return dedupeProducts(kept).products;
}

/** Creates `index` with the refresh's mapping (and shipped synonyms) and fills it with `products`. */
export async function createFixtureIndex(client: Client, index: string, products: readonly CleanProduct[] = fixtureProducts()): Promise<void> {
  await client.indices.create({ index, body: productsIndexBody() });
  await bulkIndexDocs(client, index, products);
  await client.indices.refresh({ index });
}
