/**
 * The site's product search, shared by the /nolabel page and its API: one {@link ProductSearch} on the app's
 * OpenSearch client (SEARCH_TIMEOUT_MS, no retry), its failures counted in /metrics
 * (`ciao_search_failures_total{reason="timeout"|"unavailable"}`) and its latency
 * (`ciao_search_duration_seconds`), the `search` event published once per session and word within 10 minutes
 * (a sort or filter change re-renders the same search; it is not a new one), and the reading of the query
 * string into a search request and of the results into cards.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Counter, Histogram } from 'prom-client';
import { SEARCH } from '../../infra/contracts';
import { MAX_PAGE_SIZE, ProductSearch, type ProductCard, type SearchOutcome, type SearchRequest } from '../product-search/product-search';
import type { SearchFilters } from '../product-search/search-body';
import type { ProductCardOutput, SearchQueryInput } from './schemas/products';

declare module 'fastify' {
  interface FastifyInstance {
    /** The product search of the site (see web/site/product-search-service.ts). */
    productSearch: SiteProductSearch;
  }
}

/** How long the same session's same word counts as one search. */
const REPEAT_WINDOW_MS = 10 * 60_000;
/** Sessions × words remembered for that (oldest forgotten first). */
const REPEAT_MEMORY = 10_000;

/** Options of the site's product search. */
export interface SiteProductSearchOptions {
  /** Index or alias to search (default: the `nolabel-products` alias). */
  readonly index?: string;
}

/** See the module comment. */
export class SiteProductSearch {
  readonly search: ProductSearch;
  private readonly duration: Histogram<'outcome'>;
  private readonly recent = new Map<string, number>();

  constructor(app: FastifyInstance, options: SiteProductSearchOptions = {}) {
    const failures = new Counter({
      name: 'ciao_search_failures_total',
      help: 'Product searches OpenSearch did not answer (timeout: slower than SEARCH_TIMEOUT_MS; unavailable: refused or failed)',
      labelNames: ['reason'] as const,
      registers: [app.metrics],
    });
    // Both series exist from the start, so a dashboard sees 0 rather than nothing.
    failures.inc({ reason: 'timeout' }, 0);
    failures.inc({ reason: 'unavailable' }, 0);
    this.duration = new Histogram({
      name: 'ciao_search_duration_seconds',
      help: 'Time of one product search (all its OpenSearch requests), by outcome',
      labelNames: ['outcome'] as const,
      buckets: [0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [app.metrics],
    });
    this.search = new ProductSearch(app.stores.search.client, {
      index: options.index ?? SEARCH.productsAlias,
      timeoutMs: app.config.web.searchTimeoutMs,
      cache: { ttlMs: app.config.web.searchCache.ttlS * 1000, entries: app.config.web.searchCache.entries },
      onFailure: (reason) => failures.inc({ reason }),
    });
  }

  /** Runs a search, timing it. @throws as {@link ProductSearch.search} */
  async run(request: SearchRequest): Promise<SearchOutcome> {
    const end = this.duration.startTimer();
    try {
      const outcome = await this.search.search(request);
      end({ outcome: 'ok' });
      return outcome;
    } catch (err) {
      end({ outcome: 'failed' });
      throw err;
    }
  }

  /**
   * Publishes `search` for a search the request made, unless its session published the same word in the last
   * 10 minutes (a sort, a filter or a page of the same search).
   */
  publishSearch(request: FastifyRequest, word: string, results: number): void {
    if (!word) return;
    const sessionId = request.session?.id;
    if (sessionId) {
      const key = `${sessionId}\u0000${word}`;
      const now = Date.now();
      const last = this.recent.get(key);
      if (last !== undefined && now - last < REPEAT_WINDOW_MS) return;
      this.recent.delete(key);
      this.recent.set(key, now);
      if (this.recent.size > REPEAT_MEMORY) {
        const oldest = this.recent.keys().next().value;
        if (oldest !== undefined) this.recent.delete(oldest);
      }
    }
    request.publishEvent('search', { word, results });
  }
}

/** The search request of a query string (page 1, 30 cards, relevance by default). */
export function searchRequestOf(query: SearchQueryInput): SearchRequest {
  const filters: SearchFilters = {
    ...(query.category ? { category: query.category } : {}),
    ...(query.volume ? { volume: query.volume } : {}),
    ...(query.carbonated ? { carbonated: query.carbonated === 'yes' } : {}),
  };
  return {
    q: query.q ?? '',
    sort: query.sort ?? 'relevance',
    filters,
    size: Math.min(Number(query.size ?? MAX_PAGE_SIZE), MAX_PAGE_SIZE),
    page: Number(query.page ?? 1),
  };
}

/** A card as the page and the API show it: with its click URL and image URL. */
export function cardOutput(card: ProductCard, placeholderUrl: string): ProductCardOutput {
  return {
    ...card,
    clickUrl: `/nolabel/click/${card.id}`,
    imageUrl: card.hasImage ? `/nolabel/image/${card.id}` : placeholderUrl,
  };
}

/** What the shopper should be told about a search, in Korean, or null. */
export function searchNotice(q: string, outcome: SearchOutcome | null): string | null {
  if (q.trim() !== '' && outcome && outcome.query.words.length === 0 && outcome.query.volumeMl === null && outcome.query.quantity === null && outcome.query.sizeBand === null) {
    return '검색할 수 있는 글자가 없어요. 상품 이름이나 종류(예: 생수, 탄산수)를 입력해 주세요.';
  }
  if (outcome?.relaxed && outcome.exactTotal === 0) return '모든 단어가 들어간 상품이 없어서, 일부 단어가 맞는 상품을 보여 드려요.';
  if (outcome?.relaxed) return `모든 단어가 맞는 상품 ${outcome.exactTotal}개 뒤에 비슷한 상품을 함께 보여 드려요.`;
  return null;
}
