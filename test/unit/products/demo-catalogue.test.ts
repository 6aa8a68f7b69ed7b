import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dedupeProducts } from '../../../activities/products/transform/dedupe-products';
import { transformRow } from '../../../activities/products/transform/transform-row';
import type { CleanProduct } from '../../../activities/products/clean-product';
import { buildDemoCatalogue } from '../../../infra/demo-shops/catalogue';

describe('the demo catalogue', () => {
  it('is the same for the same seed and differs for another', () => {
    const a = buildDemoCatalogue(42);
    assert.deepEqual(buildDemoCatalogue(42), a);
    assert.notDeepEqual(buildDemoCatalogue(7).get('green-mart'), a.get('green-mart'));
  });

  it('lists a few hundred items per shop, some of them noise', () => {
    for (const [shop, listings] of buildDemoCatalogue()) {
      assert.ok(listings.length >= 200, `${shop} has ${listings.length}`);
      assert.ok(listings.some((l) => l.noise), `${shop} has no noise`);
      assert.equal(new Set(listings.map((l) => l.itemId)).size, listings.length, `${shop} repeats an item id`);
    }
  });

  it('holds exactly the noise the transform drops, and products shared by shops', () => {
    const kept: CleanProduct[] = [];
    for (const [shop, listings] of buildDemoCatalogue()) {
      for (const l of listings) {
        const result = transformRow({ shop, source: shop.slice(0, 2), shopItemId: l.itemId, title: l.title, price: l.price, link: `http://demo/${l.itemId}`, imageUrl: null, shopCategory: l.category, pageUrl: 'http://demo/', crawledAt: '2026-12-06T02:00:00+09:00' });
        assert.equal(result.ok, !l.noise, `${shop} ${l.title}: ${result.ok ? 'kept' : result.reject.reason}`);
        if (result.ok) kept.push(result.product);
      }
    }
    const { products } = dedupeProducts(kept);
    assert.ok(products.filter((p) => p.offers.length === 3).length >= 50, 'too few products found in all three shops');
    assert.ok(products.every((p) => p.category !== '기타'), 'a demo product has no category');
  });
});
