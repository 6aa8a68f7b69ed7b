/**
 * Index settings and mappings of the search contracts, and the idempotent creation of the product alias and
 * the places index. Korean text is analysed twice: with nori (morphological, the `analysis-nori` plugin on a
 * cluster, our own plugin over Lucene's nori locally: see infra/stack/services/opensearch) and with `cjk`
 * bigrams in a sub-field, because nori drops the prefix "무" of "무라벨" and bigrams keep it.
 */
import type { Client } from '@opensearch-project/opensearch';
import type { Indices_Create_RequestBody } from '@opensearch-project/opensearch/api/index.js';
import type { IndexSettingsAnalysis } from '@opensearch-project/opensearch/api/_types/indices._common.js';
import { SEARCH } from './contracts';

/** Settings shared by the project's indexes: one shard, and replicas only where there are other nodes. */
const BASE_SETTINGS = { number_of_shards: 1, number_of_replicas: 0 };

/** Analyzers for Korean text: `korean` (nori, mixed decompounding) and `korean_bigram` (cjk bigrams). */
const KOREAN_ANALYSIS: IndexSettingsAnalysis = {
  tokenizer: {
    korean_nori: { type: 'nori_tokenizer', decompound_mode: 'mixed', discard_punctuation: true },
  },
  analyzer: {
    korean: { type: 'custom' as const, tokenizer: 'korean_nori', filter: ['lowercase', 'nori_readingform'] },
    korean_bigram: { type: 'custom' as const, tokenizer: 'standard', filter: ['cjk_width', 'lowercase', 'cjk_bigram'] },
  },
};

/** A Korean text field analysed both ways, plus the exact value as a keyword. */
const KOREAN_TEXT = {
  type: 'text',
  analyzer: 'korean',
  fields: { bigram: { type: 'text', analyzer: 'korean_bigram' }, raw: { type: 'keyword', ignore_above: 256 } },
} as const;

/**
 * Settings and mappings of a dated `nolabel-products-*` index: one document per clean product
 * (activities/products/clean-product.ts). Strict: a field the mapping does not name is refused, so the
 * mapping and the product schema cannot drift apart silently.
 */
export const PRODUCTS_INDEX_BODY: Indices_Create_RequestBody = {
  settings: {
    index: BASE_SETTINGS,
    analysis: KOREAN_ANALYSIS,
  },
  mappings: {
    dynamic: 'strict',
    properties: {
      id: { type: 'keyword' },
      /** The cross-shop de-duplication key. */
      key: { type: 'keyword', index: false },
      title: KOREAN_TEXT,
      brand: { type: 'keyword' },
      category: { type: 'keyword' },
      carbonated: { type: 'boolean' },
      source: { type: 'keyword' },
      shop: { type: 'keyword' },
      volumeMl: { type: 'integer' },
      quantity: { type: 'integer' },
      totalMl: { type: 'integer' },
      price: { type: 'integer' },
      unitPrice: { type: 'float' },
      pricePer100ml: { type: 'float' },
      link: { type: 'keyword', index: false },
      imageUrl: { type: 'keyword', index: false },
      /** Every shop's offer, cheapest first: shown, not searched. */
      offers: { type: 'object', enabled: false },
      /** 초성 (`ㅈㅈㅅㄷㅅ ㄱㄹ 2L`) and jamo of the title, words split on spaces, for the search of issue 13. */
      titleChoseong: { type: 'text', analyzer: 'whitespace', fields: { raw: { type: 'keyword', ignore_above: 256 } } },
      titleJamo: { type: 'text', analyzer: 'whitespace' },
      crawledAt: { type: 'date' },
    },
  },
};

/** Settings and mappings of `lesswaste-places`. */
export const PLACES_INDEX_BODY: Indices_Create_RequestBody = {
  settings: {
    index: BASE_SETTINGS,
    analysis: KOREAN_ANALYSIS,
  },
  mappings: {
    properties: {
      id: { type: 'keyword' },
      name: KOREAN_TEXT,
      kind: { type: 'keyword' },
      address: KOREAN_TEXT,
      location: { type: 'geo_point' },
      source: { type: 'keyword' },
      updatedAt: { type: 'date' },
    },
  },
};

/**
 * Makes sure the `nolabel-products` alias exists, pointing at an (empty) dated index when none exists yet,
 * so searches work before the first crawl.
 * @returns the index it created, or undefined when the alias already existed
 */
export async function ensureProductsAlias(client: Client, now: Date = new Date()): Promise<string | undefined> {
  const exists = await client.indices.existsAlias({ name: SEARCH.productsAlias });
  if (exists.body) return undefined;
  const index = `${SEARCH.productsIndexPrefix}${now.toISOString().slice(0, 10).replaceAll('-', '')}-init`;
  if (!(await client.indices.exists({ index })).body) {
    await client.indices.create({ index, body: PRODUCTS_INDEX_BODY });
  }
  await client.indices.updateAliases({ body: { actions: [{ add: { index, alias: SEARCH.productsAlias } }] } });
  return index;
}

/** Creates `lesswaste-places` when missing. @returns true when it created it */
export async function ensurePlacesIndex(client: Client): Promise<boolean> {
  if ((await client.indices.exists({ index: SEARCH.placesIndex })).body) return false;
  await client.indices.create({ index: SEARCH.placesIndex, body: PLACES_INDEX_BODY });
  return true;
}
