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
import { loadProductSynonyms, type ProductSynonyms } from './product-synonyms';

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

/** Longest 초성 run indexed as an n-gram (a query of more initials than this finds nothing by 초성). */
const CHOSEONG_MAX_GRAM = 12;
/** Shortest jamo suffix indexed (two syllables without final consonants). */
const JAMO_MIN_SUFFIX = 4;
/** Longest jamo suffix indexed (longer words keep their whole jamo in `titleJamo` itself). */
const JAMO_MAX_SUFFIX = 30;

/**
 * The product index's analysis: the Korean analyzers above, plus
 * - `korean_search`: nori at query time without particles and endings (삼다수를 → 삼다수);
 * - `product_words` / `product_words_search`: whole words, lower-cased; at query time with the synonyms
 *   (`synonym_graph`, infra/product-synonyms.txt + brand spellings) — synonyms work on whole words, because
 *   nori splits loanwords unpredictably (스파클링 → 스파클 + 링 would make the water brand 스파클 a synonym);
 * - `choseong_words` / `choseong_ngram`: 초성 words, and every run of 2–12 initials inside them (ㅅㄷㅅ in ㅈㅈㅅㄷㅅ);
 * - `jamo_words` / `jamo_suffixes`: jamo words, and every suffix of them, so a fuzzy or prefix query over
 *   jamo finds a word inside a compound (삼다스 → ㅅㅏㅁㄷㅏㅅㅡ ≈ the suffix ㅅㅏㅁㄷㅏㅅㅜ of 제주삼다수).
 */
function productsAnalysis(synonyms: ProductSynonyms): IndexSettingsAnalysis {
  return {
    tokenizer: {
      ...KOREAN_ANALYSIS.tokenizer,
      korean_nori_search: { type: 'nori_tokenizer', decompound_mode: 'mixed', discard_punctuation: true },
    },
    filter: {
      korean_particles: { type: 'nori_part_of_speech', stoptags: ['E', 'J', 'SC', 'SE', 'SF', 'SP', 'SSC', 'SSO', 'SY'] },
      product_synonyms: { type: 'synonym_graph', synonyms: [...synonyms.rules], lenient: false },
      choseong_grams: { type: 'ngram', min_gram: 2, max_gram: CHOSEONG_MAX_GRAM },
      jamo_reverse: { type: 'reverse' },
      jamo_edges: { type: 'edge_ngram', min_gram: JAMO_MIN_SUFFIX, max_gram: JAMO_MAX_SUFFIX },
    },
    analyzer: {
      ...KOREAN_ANALYSIS.analyzer,
      korean_search: { type: 'custom' as const, tokenizer: 'korean_nori_search', filter: ['lowercase', 'nori_readingform', 'korean_particles'] },
      product_words: { type: 'custom' as const, tokenizer: 'standard', filter: ['cjk_width', 'lowercase'] },
      product_words_search: { type: 'custom' as const, tokenizer: 'standard', filter: ['cjk_width', 'lowercase', 'product_synonyms'] },
      choseong_words: { type: 'custom' as const, tokenizer: 'whitespace', filter: ['lowercase'] },
      choseong_ngram: { type: 'custom' as const, tokenizer: 'whitespace', filter: ['lowercase', 'choseong_grams'] },
      jamo_words: { type: 'custom' as const, tokenizer: 'whitespace', filter: ['lowercase'] },
      jamo_suffixes: { type: 'custom' as const, tokenizer: 'whitespace', filter: ['lowercase', 'jamo_reverse', 'jamo_edges', 'jamo_reverse'] },
    },
  };
}

/** Whole words with the synonyms at query time. */
const WORDS_FIELD = { type: 'text', analyzer: 'product_words', search_analyzer: 'product_words_search' } as const;

/**
 * Settings and mappings of a dated `nolabel-products-*` index: one document per clean product
 * (activities/products/clean-product.ts). Strict: a field the mapping does not name is refused, so the
 * mapping and the product schema cannot drift apart silently. The synonyms are written into the index's
 * settings (and their fingerprint into `_meta`), so each index keeps the synonyms of the build that made it.
 * @param synonyms default: infra/product-synonyms.txt and the brand spellings, read once
 */
export function productsIndexBody(synonyms: ProductSynonyms = loadProductSynonyms()): Indices_Create_RequestBody {
  return {
    settings: {
      index: { ...BASE_SETTINGS, max_ngram_diff: JAMO_MAX_SUFFIX - 2 },
      analysis: productsAnalysis(synonyms),
    },
    mappings: {
      dynamic: 'strict',
      _meta: { synonyms: synonyms.fingerprint, synonymRules: synonyms.rules.length },
      properties: {
        id: { type: 'keyword' },
        /** The cross-shop de-duplication key. */
        key: { type: 'keyword', index: false },
        title: { ...KOREAN_TEXT, search_analyzer: 'korean_search', fields: { ...KOREAN_TEXT.fields, words: WORDS_FIELD } },
        brand: { type: 'keyword', fields: { words: WORDS_FIELD } },
        category: { type: 'keyword', fields: { words: WORDS_FIELD } },
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
        /** 초성 of the title (`ㅈㅈㅅㄷㅅ ㄱㄹ 2L`), words split on spaces; `ngram` finds initials inside a word. */
        titleChoseong: {
          type: 'text',
          analyzer: 'choseong_words',
          fields: { raw: { type: 'keyword', ignore_above: 256 }, ngram: { type: 'text', analyzer: 'choseong_ngram', search_analyzer: 'choseong_words' } },
        },
        /** Jamo of the title; `suffix` holds every suffix of each word, for typo-tolerant and partial matches. */
        titleJamo: { type: 'text', analyzer: 'jamo_words', fields: { suffix: { type: 'text', analyzer: 'jamo_suffixes', search_analyzer: 'jamo_words' } } },
        crawledAt: { type: 'date' },
      },
    },
  };
}

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
    await client.indices.create({ index, body: productsIndexBody() });
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
