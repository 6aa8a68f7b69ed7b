/**
 * Index settings and mappings of the search contracts, and the idempotent creation of the product alias and
 * the places alias. Korean text is analysed twice: with nori (morphological, the `analysis-nori` plugin on a
 * cluster, our own plugin over Lucene's nori locally: see infra/stack/services/opensearch) and with `cjk`
 * bigrams in a sub-field, because nori drops the prefix "무" of "무라벨" and bigrams keep it.
 */
import type { Client } from '@opensearch-project/opensearch';
import type { Indices_Create_RequestBody } from '@opensearch-project/opensearch/api/index.js';
import type { IndexSettingsAnalysis } from '@opensearch-project/opensearch/api/_types/indices._common.js';
import { InfraError } from '../domain/errors';
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

/**
 * Settings and mappings of a dated `lesswaste-places-*` index: one document per place
 * (activities/places/place.ts PlaceDoc). Strict, like the product indexes.
 */
export const PLACES_INDEX_BODY: Indices_Create_RequestBody = {
  settings: {
    index: BASE_SETTINGS,
    analysis: KOREAN_ANALYSIS,
  },
  mappings: {
    dynamic: 'strict',
    properties: {
      id: { type: 'keyword' },
      name: KOREAN_TEXT,
      kind: { type: 'keyword' },
      roadAddress: KOREAN_TEXT,
      lotAddress: KOREAN_TEXT,
      location: { type: 'geo_point' },
      phone: { type: 'keyword', index: false },
      hours: { type: 'keyword', index: false },
      source: { type: 'keyword' },
      demo: { type: 'boolean' },
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

/** What {@link ensurePlacesAlias} did. */
export type PlacesAliasSetup =
  | { readonly action: 'present' }
  | { readonly action: 'created'; readonly index: string }
  /** An older plain index of the alias's name was replaced by a dated index with its documents. */
  | { readonly action: 'migrated'; readonly index: string; readonly docs: number };

/**
 * Makes sure `lesswaste-places` is an alias over a dated index. Where it is still the plain index older
 * versions created, its documents are copied into a new dated index (their `address` becomes `roadAddress`,
 * the one field that was renamed; counted), and then — in one
 * `_aliases` request — the plain index is removed and the alias added, so readers see the old index or the
 * alias, never neither. A copy that falls short leaves the plain index as it was.
 * @param names alias and dated-index prefix (default: the contract's; tests use their own)
 */
export async function ensurePlacesAlias(client: Client, now: Date = new Date(), names: { alias: string; prefix: string } = { alias: SEARCH.placesIndex, prefix: SEARCH.placesIndexPrefix }): Promise<PlacesAliasSetup> {
  const { alias, prefix } = names;
  if ((await client.indices.existsAlias({ name: alias })).body) return { action: 'present' };
  const index = `${prefix}${now.toISOString().slice(0, 10).replaceAll('-', '')}-init`;
  if (!(await client.indices.exists({ index })).body) await client.indices.create({ index, body: PLACES_INDEX_BODY });
  if (!(await client.indices.exists({ index: alias })).body) {
    await client.indices.updateAliases({ body: { actions: [{ add: { index, alias } }] } });
    return { action: 'created', index };
  }
  // The plain index of older versions: copy, check, then swap it for the alias in one request.
  await client.indices.refresh({ index: alias });
  const docs = (await client.count({ index: alias })).body.count;
  if (docs > 0) {
    await copyOldPlaces(client, alias, index);
    await client.indices.refresh({ index });
    const copied = (await client.count({ index })).body.count;
    if (copied !== docs) throw new InfraError('Conflict', `copying ${alias} into ${index} gave ${copied} of ${docs} documents; ${alias} is left as it was`, { alias, index });
  }
  await client.indices.updateAliases({ body: { actions: [{ remove_index: { index: alias } }, { add: { index, alias } }] } });
  return { action: 'migrated', index, docs };
}

/** Copies the plain places index's documents into `index` (scroll + bulk; no scripting module needed). */
async function copyOldPlaces(client: Client, from: string, index: string): Promise<void> {
  let page = await client.search({ index: from, scroll: '1m', size: 1000, body: { query: { match_all: {} } } });
  try {
    while (page.body.hits.hits.length > 0) {
      const body = page.body.hits.hits.flatMap((hit) => {
        const { address, ...rest } = (hit._source ?? {}) as Record<string, unknown>;
        const doc = { roadAddress: address ?? null, lotAddress: null, phone: null, hours: null, demo: false, ...rest };
        return [{ index: { _index: index, _id: hit._id } }, doc];
      });
      const res = await client.bulk({ body });
      if (res.body.errors) throw new InfraError('Conflict', `copying ${from} into ${index} failed: ${res.body.items.find((i) => i.index?.error)?.index?.error?.reason ?? 'unknown'}`, { from, index });
      const scrollId = page.body._scroll_id;
      if (!scrollId) break;
      page = await client.scroll({ scroll_id: scrollId, scroll: '1m' });
    }
  } finally {
    if (page.body._scroll_id) await client.clearScroll({ scroll_id: page.body._scroll_id }).catch(() => undefined);
  }
}
