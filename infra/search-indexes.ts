/**
 * Index settings and mappings of the search contracts, and the idempotent creation of the product alias and
 * the places index. Korean text uses the `cjk` bigram analyzer from OpenSearch's analysis-common module,
 * the analyzer every local and cluster node has.
 */
import type { Client } from '@opensearch-project/opensearch';
import type { Indices_Create_RequestBody } from '@opensearch-project/opensearch/api/index.js';
import { SEARCH } from './contracts';

/** Settings shared by the project's indexes: one shard, and replicas only where there are other nodes. */
const BASE_SETTINGS = { number_of_shards: 1, number_of_replicas: 0 };

/** Settings and mappings of a dated `nolabel-products-*` index. */
export const PRODUCTS_INDEX_BODY: Indices_Create_RequestBody = {
  settings: {
    index: BASE_SETTINGS,
    analysis: {
      analyzer: {
        korean: { type: 'custom', tokenizer: 'standard', filter: ['cjk_width', 'lowercase', 'cjk_bigram'] },
      },
    },
  },
  mappings: {
    properties: {
      id: { type: 'keyword' },
      title: { type: 'text', analyzer: 'korean', fields: { raw: { type: 'keyword' } } },
      category: { type: 'keyword' },
      source: { type: 'keyword' },
      volumeMl: { type: 'integer' },
      quantity: { type: 'integer' },
      price: { type: 'integer' },
      unitPrice: { type: 'float' },
      link: { type: 'keyword', index: false },
      imageUrl: { type: 'keyword', index: false },
      crawledAt: { type: 'date' },
    },
  },
};

/** Settings and mappings of `lesswaste-places`. */
export const PLACES_INDEX_BODY: Indices_Create_RequestBody = {
  settings: {
    index: BASE_SETTINGS,
    analysis: {
      analyzer: {
        korean: { type: 'custom', tokenizer: 'standard', filter: ['cjk_width', 'lowercase', 'cjk_bigram'] },
      },
    },
  },
  mappings: {
    properties: {
      id: { type: 'keyword' },
      name: { type: 'text', analyzer: 'korean', fields: { raw: { type: 'keyword' } } },
      kind: { type: 'keyword' },
      address: { type: 'text', analyzer: 'korean' },
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
