/**
 * The transform's output row: one product, de-duplicated across shops, as published to Kafka
 * `products.clean` (keyed by `id`) and indexed into `nolabel-products-*`.
 */
import { Type, type Static } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { CATEGORIES } from './transform/category';

/** One shop's offer of a product. */
export const OfferSchema = Type.Object(
  {
    shop: Type.String(),
    source: Type.String(),
    shopItemId: Type.String(),
    /** Price in won. */
    price: Type.Integer({ minimum: 1 }),
    /** Won per item. */
    unitPrice: Type.Number({ minimum: 0 }),
    link: Type.String(),
  },
  { additionalProperties: false },
);

/** Schema of a clean product. */
export const CleanProductSchema = Type.Object(
  {
    /** Stable id: a hash of the de-duplication key, then the kept offer's source, e.g. `3fa2b9c01d2e-gm`. */
    id: Type.String({ pattern: '^[0-9a-f]{12}-[a-z0-9]{1,8}$' }),
    /** The de-duplication key: normalised title words (sorted) | volume | quantity. */
    key: Type.String(),
    /** Normalised title. */
    title: Type.String({ minLength: 1 }),
    brand: Type.Union([Type.String(), Type.Null()]),
    category: Type.Union(CATEGORIES.map((c) => Type.Literal(c))),
    carbonated: Type.Boolean(),
    /** Millilitres per item. */
    volumeMl: Type.Integer({ minimum: 1 }),
    /** Items in the listing. */
    quantity: Type.Integer({ minimum: 1 }),
    /** volumeMl × quantity. */
    totalMl: Type.Integer({ minimum: 1 }),
    /** Price of the kept (cheapest) offer, won. */
    price: Type.Integer({ minimum: 1 }),
    /** Won per item (price / quantity), one decimal. */
    unitPrice: Type.Number({ minimum: 0 }),
    /** Won per 100 ml, two decimals. */
    pricePer100ml: Type.Number({ minimum: 0 }),
    /** Source code of the kept offer (the id's suffix). */
    source: Type.String(),
    shop: Type.String(),
    link: Type.String(),
    imageUrl: Type.Union([Type.String(), Type.Null()]),
    /** Every shop's offer, cheapest first. */
    offers: Type.Array(OfferSchema, { minItems: 1 }),
    /** 초성 of the title (`ㅈㅈㅅㄷㅅ ㄱㄹ 2L x 6`), for initial-consonant search. */
    titleChoseong: Type.String(),
    /** The title decomposed into jamo, for typo-tolerant and as-you-type search. */
    titleJamo: Type.String(),
    crawledAt: Type.String(),
  },
  { additionalProperties: false },
);

/** A clean product. */
export type CleanProduct = Static<typeof CleanProductSchema>;
/** One shop's offer. */
export type Offer = Static<typeof OfferSchema>;

/** CleanProductSchema, compiled once (the transform checks every row). */
const CHECK = TypeCompiler.Compile(CleanProductSchema);

/** Checks a value read back from Kafka or a file. @returns the product or the first error */
export function checkCleanProduct(value: unknown): { ok: true; product: CleanProduct } | { ok: false; reason: string } {
  if (CHECK.Check(value)) return { ok: true, product: value };
  const first = CHECK.Errors(value).First();
  return { ok: false, reason: first ? `${first.path || '/'}: ${first.message}` : 'not a clean product' };
}
