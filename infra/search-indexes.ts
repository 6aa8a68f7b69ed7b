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
    await client.indices.create({ index, body: productsIndexBody() });
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
