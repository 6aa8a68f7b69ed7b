/**
 * OpenSearch's answers to product searches and autocompletes, kept a few seconds (SEARCH_CACHE_TTL_S) in the web
 * process: people search the same few words (the popular words the pages show), and each answer costs OpenSearch
 * a scored query over every product, the dearest thing a search page does. Keyed by the whole request body, so
 * the same words with another sort, filter or page are another entry; identical searches that arrive together
 * share one request; a failed request is not kept. A swapped alias shows within the TTL.
 */
import { LRUCache } from 'lru-cache';

/** Options of {@link AnswerCache}. */
export interface AnswerCacheOptions {
  /** How long an answer is reused, ms (0: never). */
  readonly ttlMs: number;
  /** Most answers kept (least recently used go first). */
  readonly entries: number;
}

/** See the module comment. */
export class AnswerCache<V extends object> {
  private readonly cache: LRUCache<string, V, () => Promise<V>> | null;

  constructor(options: AnswerCacheOptions) {
    this.cache =
      options.ttlMs > 0
        ? new LRUCache<string, V, () => Promise<V>>({ max: options.entries, ttl: options.ttlMs, fetchMethod: (_key, _stale, { context }) => context() })
        : null;
  }

  /** The answer kept for `key`, else `load()`'s (kept when it succeeds; shared with concurrent callers of `key`). */
  async get(key: string, load: () => Promise<V>): Promise<V> {
    if (!this.cache) return load();
    const answer = await this.cache.fetch(key, { context: load });
    // fetch resolves undefined only when the load does, which a search never does; load again rather than lie.
    return answer ?? load();
  }

  /** Answers kept now (for tests and metrics). */
  get size(): number {
    return this.cache?.size ?? 0;
  }
}
