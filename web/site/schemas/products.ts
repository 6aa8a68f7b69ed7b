/**
 * Schemas of the product search: the page (`/nolabel`), its API (`/api/products/search`, `/api/products/suggest`),
 * the card click (`/nolabel/click/<id>`) and the image proxy. Query strings are strings (the validator does not
 * coerce): numbers are checked by pattern and read by the route.
 */
import { Type, type Static } from '@sinclair/typebox';
import { CATEGORIES } from '../../../activities/products/transform/category';
import { MAX_PAGE_SIZE } from '../../product-search/product-search';

// The size pattern below spells out MAX_PAGE_SIZE (30).
import { SEARCH_SORTS, VOLUME_BANDS, type VolumeBand } from '../../product-search/search-body';

/** Longest query accepted, in characters. */
export const MAX_QUERY_LENGTH = 100;

/** A product id: 12 hex digits of the key hash, then the kept offer's source (`3fa2b9c01d2e-gm`). */
export const ProductIdSchema = Type.String({ pattern: '^[0-9a-f]{12}-[a-z0-9]{1,8}$' });

const Category = Type.Union(CATEGORIES.map((c) => Type.Literal(c)));
const Sort = Type.Union(SEARCH_SORTS.map((s) => Type.Literal(s)));
const VolumeBandSchema = Type.Union((Object.keys(VOLUME_BANDS) as VolumeBand[]).map((b) => Type.Literal(b)));

const SEARCH_FIELDS = {
    q: Type.Optional(Type.String({ maxLength: MAX_QUERY_LENGTH, description: 'What to search for, ≤ 100 characters' })),
    sort: Type.Optional(Sort),
    // '' is "전체" (what the page's selects send for no filter).
    category: Type.Optional(Type.Union([Category, Type.Literal('')])),
    volume: Type.Optional(Type.Union([VolumeBandSchema, Type.Literal('')])),
    carbonated: Type.Optional(Type.Union([Type.Literal('yes'), Type.Literal('no'), Type.Literal('')])),
    page: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,2}$', description: '1–999' })),
    size: Type.Optional(Type.String({ pattern: '^([1-9]|[12][0-9]|30)$', description: `1–${MAX_PAGE_SIZE}` })),
};

/** `GET /api/products/search`: the query, sort, filters and page (all optional; unknown parameters refused). */
export const SearchQuery = Type.Object(SEARCH_FIELDS, { additionalProperties: false });
/**
 * `GET /nolabel`: the same parameters; others (a shared link's `utm_source`) are ignored, and a value that
 * does not fit is answered on the page itself, not by an error page.
 */
export const PageQuery = Type.Object(SEARCH_FIELDS);
/** {@link SearchQuery} as a type. */
export type SearchQueryInput = Static<typeof SearchQuery>;

/** One result card. */
export const ProductCardSchema = Type.Object(
  {
    id: ProductIdSchema,
    title: Type.String(),
    brand: Type.Union([Type.String(), Type.Null()]),
    category: Category,
    carbonated: Type.Boolean(),
    shop: Type.String(),
    volumeMl: Type.Integer(),
    quantity: Type.Integer(),
    price: Type.Integer(),
    unitPrice: Type.Number(),
    pricePer100ml: Type.Number(),
    hasImage: Type.Boolean(),
    shops: Type.Integer(),
    exact: Type.Boolean(),
    /** Where a click goes (logged, then redirected to the shop). */
    clickUrl: Type.String(),
    /** The card's image: the local proxy or the placeholder. */
    imageUrl: Type.String(),
  },
  { additionalProperties: false },
);
/** {@link ProductCardSchema} as a type. */
export type ProductCardOutput = Static<typeof ProductCardSchema>;

/** `GET /api/products/search` reply. */
export const SearchReply = Type.Object(
  {
    query: Type.Object(
      {
        q: Type.String(),
        /** As counted in the rankings ('' when nothing searchable was typed). */
        normalized: Type.String(),
        words: Type.Array(Type.String()),
        volumeMl: Type.Union([Type.Integer(), Type.Null()]),
        quantity: Type.Union([Type.Integer(), Type.Null()]),
      },
      { additionalProperties: false },
    ),
    sort: Sort,
    page: Type.Integer(),
    size: Type.Integer(),
    total: Type.Integer(),
    exactTotal: Type.Integer(),
    relaxed: Type.Boolean(),
    items: Type.Array(ProductCardSchema, { maxItems: MAX_PAGE_SIZE }),
    /** A Korean note for the shopper (nothing searchable typed, only partial matches), or null. */
    notice: Type.Union([Type.String(), Type.Null()]),
  },
  { additionalProperties: false },
);
/** {@link SearchReply} as a type. */
export type SearchReplyOutput = Static<typeof SearchReply>;

/** `GET /api/products/suggest?q=`. */
export const SuggestQuery = Type.Object({ q: Type.String({ maxLength: MAX_QUERY_LENGTH }) }, { additionalProperties: false });
/** {@link SuggestQuery} as a type. */
export type SuggestQueryInput = Static<typeof SuggestQuery>;

/** `GET /api/products/suggest` reply. */
export const SuggestReply = Type.Object(
  { suggestions: Type.Array(Type.Object({ text: Type.String(), category: Category }, { additionalProperties: false }), { maxItems: 10 }) },
  { additionalProperties: false },
);
/** {@link SuggestReply} as a type. */
export type SuggestReplyOutput = Static<typeof SuggestReply>;

/** `/nolabel/click/:productId` and `/nolabel/image/:productId`. */
export const ProductParams = Type.Object({ productId: ProductIdSchema }, { additionalProperties: false });
/** {@link ProductParams} as a type. */
export type ProductParamsInput = Static<typeof ProductParams>;
