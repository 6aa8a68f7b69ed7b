/**
 * De-duplication across shops: products with the same key are one product; the cheapest offer is kept (its
 * shop's title, link, image and source suffix), and every shop's offer is remembered, cheapest first.
 * Deterministic: ties go to the source code, then the shop's item id, so a rerun gives the same ids.
 */
import type { CleanProduct, Offer } from '../clean-product';
import { productIdOf } from './dedupe-key';

function compareOffers(a: Offer, b: Offer): number {
  return a.price - b.price || a.source.localeCompare(b.source) || a.shopItemId.localeCompare(b.shopItemId);
}

/** The outcome of {@link dedupeProducts}. */
export interface DedupedProducts {
  /** One product per key, sorted by id. */
  readonly products: CleanProduct[];
  /** Products merged into another shop's cheaper offer. */
  readonly mergedAcrossShops: number;
  /** Repeats of the same shop item (a listing seen on two pages). */
  readonly repeatedItems: number;
}

/** Merges products that share a key. */
export function dedupeProducts(products: Iterable<CleanProduct>): DedupedProducts {
  const groups = new Map<string, CleanProduct[]>();
  for (const product of products) {
    const group = groups.get(product.key);
    if (group) group.push(product);
    else groups.set(product.key, [product]);
  }
  let mergedAcrossShops = 0;
  let repeatedItems = 0;
  const out: CleanProduct[] = [];
  for (const [key, group] of groups) {
    const offers = new Map<string, Offer>();
    const owner = new Map<Offer, CleanProduct>();
    for (const product of group) {
      for (const offer of product.offers) {
        const id = `${offer.shop}\u0000${offer.shopItemId}`;
        const seen = offers.get(id);
        if (seen) {
          repeatedItems++;
          if (compareOffers(offer, seen) >= 0) continue;
        }
        offers.set(id, offer);
        owner.set(offer, product);
      }
    }
    const sorted = [...offers.values()].sort(compareOffers);
    mergedAcrossShops += sorted.length - 1;
    const best = sorted[0];
    if (!best) continue;
    const base = owner.get(best) ?? group[0];
    if (!base) continue;
    out.push({
      ...base,
      id: productIdOf(key, best.source),
      price: best.price,
      unitPrice: best.unitPrice,
      pricePer100ml: Math.round((best.price / base.totalMl) * 100 * 100) / 100,
      source: best.source,
      shop: best.shop,
      link: best.link,
      offers: sorted,
    });
  }
  out.sort((a, b) => a.id.localeCompare(b.id));
  return { products: out, mergedAcrossShops, repeatedItems };
}
