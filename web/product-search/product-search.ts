/**
 * The product search of the /nolabel page and its API, over the `nolabel-products` alias: a query read the way
 * the index is written (query-text.ts), one request with weighted ways of matching (search-body.ts); a second
 * with typo tolerance (fuzzy and prefix over jamo) only when the first finds nothing; and — only when the
 * products matching every word do not fill the page — a relaxed one whose products (matching some of the
 * words) follow them. Most queries cost one request. Autocomplete (`suggest`) matches the
 * last word as a prefix — over jamo, so a half-typed syllable counts (삼ㄷ → 삼다수), and over 초성 (ㅅㄷㅅ).
 *
 * Every OpenSearch call waits at most `timeoutMs` and is not retried: a slow or absent search answers
 * `ServiceUnavailable` fast, and the caller shows the page without results (and counts it).
 */
import type { Client } from '@opensearch-project/opensearch';
import { InfraError, isCiaoError } from '../../domain/errors';
import type { ProductCategory } from '../../activities/products/transform/category';
import { SHOP_ADAPTERS } from '../../activities/products/shops';
import { parseQuery, type ParsedQuery } from './query-text';
import { buildSearchBody, wordClause, type SearchFilters, type SearchSort } from './search-body';
import { buildVocabulary, type Vocabulary } from './vocabulary';
import { AnswerCache, type AnswerCacheOptions } from './answer-cache';

/** Most results one request returns. */
export const MAX_PAGE_SIZE = 30;

/** One result card. */
export interface ProductCard {
  readonly id: string;
  readonly title: string;
  readonly brand: string | null;
  readonly category: ProductCategory;
  readonly carbonated: boolean;
  /** Display name of the shop of the cheapest offer. */
  readonly shop: string;
  readonly volumeMl: number;
  readonly quantity: number;
  /** Won. */
  readonly price: number;
  /** Won per item. */
  readonly unitPrice: number;
  /** Won per 100 ml. */
  readonly pricePer100ml: number;
  /** Whether the shop gave an image (served through `/nolabel/image/<id>`). */
  readonly hasImage: boolean;
  /** Shops selling it. */
  readonly shops: number;
  /** False for a product that matches only some of the query's words (listed after those that match all). */
  readonly exact: boolean;
}

/** What a search found. */
export interface SearchOutcome {
  readonly query: ParsedQuery;
  /** Products matching, in all pages. */
  readonly total: number;
  /** Products matching every word (the rest of `total` matches some words). */
  readonly exactTotal: number;
  /** True when products matching only some words were added after those matching all. */
  readonly relaxed: boolean;
  readonly items: readonly ProductCard[];
}

/** A search request. */
export interface SearchRequest {
  readonly q: string;
  readonly sort: SearchSort;
  readonly filters: SearchFilters;
  /** Results per page, 1–30. */
  readonly size: number;
  /** 1-based page. */
  readonly page: number;
}

/** One autocomplete suggestion. */
export interface Suggestion {
  /** What to search for: the product's name without pack size and label wording (`제주삼다수 그린`). */
  readonly text: string;
  readonly category: ProductCategory;
}

/** The fields of a stored product a click and the image proxy need. */
export interface StoredProduct {
  readonly id: string;
  readonly title: string;
  readonly volumeMl: number;
  readonly unitPrice: number;
  readonly link: string;
  readonly imageUrl: string | null;
}

/** Why a search could not be answered, as counted in /metrics. */
export type SearchFailure = 'timeout' | 'unavailable';

/** Options of {@link ProductSearch}. */
export interface ProductSearchOptions {
  /** Index or alias searched (default: the `nolabel-products` alias of the contracts). */
  readonly index: string;
  /** Milliseconds to wait for OpenSearch (SEARCH_TIMEOUT_MS, default 1000). */
  readonly timeoutMs: number;
  /** Known words (default: the shipped synonyms, brands and categories). */
  readonly vocabulary?: Vocabulary;
  /** Called once per failed OpenSearch call (for metrics). */
  readonly onFailure?: (reason: SearchFailure) => void;
  /** Reuse of OpenSearch's answers to searches and autocompletes (default: none). */
  readonly cache?: AnswerCacheOptions;
}

/** The part of OpenSearch's answer the search reads. */
interface SearchAnswer<T> {
  hits: { total?: unknown; hits: Hit<T>[] };
}

interface CardSource {
  id: string;
  title: string;
  brand: string | null;
  category: ProductCategory;
  carbonated: boolean;
  shop: string;
  volumeMl: number;
  quantity: number;
  price: number;
  unitPrice: number;
  pricePer100ml: number;
  imageUrl: string | null;
  offers?: { shop: string }[];
}

interface Hit<T> {
  _source?: T;
}

const SHOP_NAMES = new Map(SHOP_ADAPTERS.map((a) => [a.id, a.name]));

/** Label-free wording, kinds and pack-size words left out of a suggestion's text. */
const NAME_NOISE = /^(?:무라벨|라벨프리|노라벨|eco|에코|x|\+|총|\(.*\)|\d.*|[^\p{L}\p{N}]+)$/iu;
const LEADING_KIND = /^(?:생수|탄산수|커피|차음료|음료|\((?:생수|탄산수|커피|차음료|음료)\))$/;

/** A product's name for autocomplete: its title without pack size, label wording and a leading or trailing kind. */
export function suggestionText(title: string): string {
  const words = title.replace(/\([^)]*\)/g, ' ').split(/\s+/).filter((w) => w && !NAME_NOISE.test(w));
  while (words.length > 1 && LEADING_KIND.test(words[0] ?? '')) words.shift();
  while (words.length > 1 && LEADING_KIND.test(words[words.length - 1] ?? '')) words.pop();
  return words.join(' ');
}

function totalOf(total: unknown): number {
  if (typeof total === 'number') return total;
  const value = (total as { value?: unknown } | undefined)?.value;
  return typeof value === 'number' ? value : 0;
}

function cardOf(source: CardSource, exact: boolean): ProductCard {
  return {
    id: source.id,
    title: source.title,
    brand: source.brand,
    category: source.category,
    carbonated: source.carbonated,
    shop: SHOP_NAMES.get(source.shop) ?? source.shop,
    volumeMl: source.volumeMl,
    quantity: source.quantity,
    price: source.price,
    unitPrice: source.unitPrice,
    pricePer100ml: source.pricePer100ml,
    hasImage: !!source.imageUrl,
    shops: new Set((source.offers ?? []).map((o) => o.shop)).size || 1,
    exact,
  };
}

/** See the module comment. */
export class ProductSearch {
  private readonly vocabulary: Vocabulary;
  private readonly answers: AnswerCache<SearchAnswer<unknown>>;

  constructor(
    private readonly client: Client,
    private readonly options: ProductSearchOptions,
  ) {
    this.vocabulary = options.vocabulary ?? buildVocabulary();
    this.answers = new AnswerCache(options.cache ?? { ttlMs: 0, entries: 1 });
  }

  /** Reads a query the way the search does (for events and the page, without searching). */
  parse(q: string): ParsedQuery {
    return parseQuery(q, this.vocabulary.known);
  }

  /**
   * Searches. A query with nothing searchable (only punctuation or emoji) finds nothing without asking
   * OpenSearch; an empty query lists every product (with the filters).
   * @throws InfraError `ServiceUnavailable` (details.reason `timeout` or `unavailable`) when OpenSearch does not answer in time
   */
  async search(request: SearchRequest): Promise<SearchOutcome> {
    const query = this.parse(request.q);
    if (request.q.trim() !== '' && query.words.length === 0 && query.volumeMl === null && query.quantity === null && query.sizeBand === null) {
      return { query, total: 0, exactTotal: 0, relaxed: false, items: [] };
    }
    const size = Math.min(Math.max(1, request.size), MAX_PAGE_SIZE);
    const from = (Math.max(1, request.page) - 1) * size;
    const base = { sort: request.sort, filters: request.filters };
    const run = async (relaxed: boolean, typos: boolean, runFrom: number, runSize: number) => {
      const body = await this.cachedCall<CardSource>(buildSearchBody(query, this.vocabulary, { ...base, relaxed, typos, from: runFrom, size: runSize }));
      return { total: totalOf(body.hits.total), items: body.hits.hits.flatMap((h) => (h._source ? [cardOf(h._source, true)] : [])) };
    };
    // Exact ways first; typo tolerance (jamo prefix and fuzzy) only when they find nothing.
    let typos = false;
    let strict = await run(false, false, from, size);
    if (strict.total === 0 && query.words.some((w) => !w.choseong)) {
      typos = true;
      strict = await run(false, true, from, size);
    }
    if (strict.total >= from + size || query.words.length < 2) {
      return { query, total: strict.total, exactTotal: strict.total, relaxed: false, items: strict.items };
    }
    // Fewer products match every word than fill this page: the ones matching some words follow them.
    const exact = strict.total > from ? (from === 0 ? strict.items : (await run(false, typos, 0, from + size)).items) : [];
    const exactIds = new Set(exact.map((c) => c.id));
    const loose = await run(true, true, 0, Math.min(from + size + exact.length, 100));
    const merged = [...exact, ...loose.items.filter((c) => !exactIds.has(c.id)).map((c) => ({ ...c, exact: false }))];
    return { query, total: Math.max(loose.total, strict.total), exactTotal: strict.total, relaxed: loose.total > strict.total, items: merged.slice(from, from + size) };
  }

  /**
   * Autocomplete: product names whose words start with the last word typed (as jamo, or as 초성), the
   * earlier words matched as in a search.
   * @param size suggestions (default 8)
   */
  async suggest(q: string, size = 8): Promise<Suggestion[]> {
    const query = this.parse(q);
    const last = query.words[query.words.length - 1];
    if (!last) return [];
    const before = query.words.slice(0, -1).map((w) => wordClause(w, this.vocabulary));
    const prefix = last.choseong
      ? { dis_max: { queries: [{ prefix: { titleChoseong: { value: last.text, boost: 2 } } }, { term: { 'titleChoseong.ngram': last.text } }] } }
      : {
          dis_max: {
            queries: [
              { prefix: { titleJamo: { value: last.jamo, boost: 3 } } },
              { prefix: { 'titleJamo.suffix': { value: last.jamo, boost: 2 } } },
              { match: { 'title.words': { query: last.text, boost: 3 } } },
              { match: { 'title.bigram': { query: last.text, operator: 'and' } } },
            ],
          },
        };
    const body = await this.cachedCall<{ title: string; category: ProductCategory }>({
      size: 40,
      _source: ['title', 'category'],
      query: { bool: { must: [...before, prefix] } },
      sort: [{ _score: 'desc' }, { pricePer100ml: 'asc' }, { id: 'asc' }],
    });
    const seen = new Set<string>();
    const out: Suggestion[] = [];
    for (const hit of body.hits.hits) {
      const source = hit._source;
      if (!source) continue;
      const text = suggestionText(source.title);
      const key = text.toLowerCase();
      if (!text || seen.has(key)) continue;
      seen.add(key);
      out.push({ text, category: source.category });
      if (out.length >= size) break;
    }
    return out;
  }

  /**
   * The stored product `id`, or null when the served index has none.
   * @throws InfraError `ServiceUnavailable` when OpenSearch does not answer in time
   */
  async product(id: string): Promise<StoredProduct | null> {
    const body = await this.call<StoredProduct>({ size: 1, _source: ['id', 'title', 'volumeMl', 'unitPrice', 'link', 'imageUrl'], query: { term: { id } } });
    return body.hits.hits[0]?._source ?? null;
  }

  /** {@link call} through the answer cache (searches and autocompletes: the same words come back often). */
  private async cachedCall<T>(body: Record<string, unknown>): Promise<SearchAnswer<T>> {
    return (await this.answers.get(JSON.stringify(body), () => this.call<unknown>(body))) as SearchAnswer<T>;
  }

  private async call<T>(body: Record<string, unknown>): Promise<SearchAnswer<T>> {
    try {
      const response = await this.client.search({ index: this.options.index, body }, { requestTimeout: this.options.timeoutMs, maxRetries: 0 });
      return response.body;
    } catch (err) {
      if (isCiaoError(err)) throw err;
      const reason: SearchFailure = (err as { name?: string } | null)?.name === 'TimeoutError' ? 'timeout' : 'unavailable';
      this.options.onFailure?.(reason);
      throw new InfraError('ServiceUnavailable', reason === 'timeout' ? '상품 검색이 지금 너무 느려요. 잠시 후 다시 검색해 주세요.' : '상품 검색을 잠시 쓸 수 없어요. 잠시 후 다시 검색해 주세요.', { reason }, { cause: err });
    }
  }
}
