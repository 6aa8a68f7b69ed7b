/**
 * The crawl's output row (one listing of one shop page), as written to HDFS
 * `/ciao/products/raw/dt=<day>/shop=<shop>/part-*.jsonl` and read back by the transform. Checked with a
 * schema at both edges: the crawler checks what it scraped, the transform what it reads.
 */
import { Type, type Static } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';

/** Schema of a raw product row. */
export const RawProductSchema = Type.Object(
  {
    /** Adapter id of the shop, e.g. `green-mart`. */
    shop: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,39}$' }),
    /** Short source code appended to product ids, e.g. `gm`. */
    source: Type.String({ pattern: '^[a-z0-9]{1,8}$' }),
    /** The shop's own id of the listing (stable across crawls). */
    shopItemId: Type.String({ minLength: 1, maxLength: 200 }),
    /** Title as shown by the shop, untouched. */
    title: Type.String({ maxLength: 500 }),
    /** Price in won, as scraped (may be null when the listing had none). */
    price: Type.Union([Type.Number(), Type.Null()]),
    /** Absolute URL of the product page. */
    link: Type.String({ minLength: 1 }),
    imageUrl: Type.Union([Type.String(), Type.Null()]),
    /** The shop's own category label, when the listing shows one. */
    shopCategory: Type.Union([Type.String(), Type.Null()]),
    /** URL of the listing page the row was scraped from. */
    pageUrl: Type.String(),
    /** When the page was crawled, ISO-8601 with offset. */
    crawledAt: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})$' }),
  },
  { additionalProperties: false },
);

/** A raw product row. */
export type RawProduct = Static<typeof RawProductSchema>;

/** RawProductSchema, compiled once (the transform checks every row). */
const CHECK = TypeCompiler.Compile(RawProductSchema);

/**
 * Checks one value against {@link RawProductSchema}.
 * @returns the row, or the first schema error's path and message
 */
export function checkRawProduct(value: unknown): { ok: true; row: RawProduct } | { ok: false; reason: string } {
  if (CHECK.Check(value)) return { ok: true, row: value };
  const first = CHECK.Errors(value).First();
  return { ok: false, reason: first ? `${first.path || '/'}: ${first.message}` : 'not a raw product' };
}
