/**
 * Bulk indexing docs/s into a product index (the mapping of the refresh), and searches answered while the
 * alias swaps back and forth between two indexes under query load. Under bench names (`bench-…`), deleted
 * afterwards.
 */
import { randomUUID } from 'node:crypto';
import type { CleanProduct } from '../../activities/products/clean-product';
import { bulkIndexDocs } from '../../activities/search/bulk-index';
import { pointAlias } from '../../activities/search/index-admin';
import { productsIndexBody } from '../../infra/search-indexes';
import type { Stores } from '../../infra/stores';

/** Figures of {@link measureIndexAndSwap}. */
export interface IndexSwapFigures {
  readonly docs: number;
  readonly bulkSeconds: number;
  readonly searches: number;
  readonly failed: number;
  readonly empty: number;
  readonly swaps: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly seconds: number;
}

const QUERIES = ['생수', '삼다수', '탄산수', '트레비 레몬', '보리차', '무라벨 2L', '아이시스', '커피'];

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/**
 * Indexes `products` into two indexes (timing the first), then runs `clients` search loops against the alias
 * for `seconds` while the alias moves between the indexes every `swapEveryMs`.
 */
export async function measureIndexAndSwap(stores: Stores, products: readonly CleanProduct[], options: { clients: number; seconds: number; swapEveryMs: number }): Promise<IndexSwapFigures> {
  const client = stores.search.client;
  const tag = `bench-${randomUUID().slice(0, 8)}`;
  const [a, b, alias] = [`${tag}-a`, `${tag}-b`, `${tag}-alias`];
  try {
    await client.indices.create({ index: a, body: productsIndexBody() });
    await client.indices.create({ index: b, body: productsIndexBody() });
    const started = performance.now();
    await bulkIndexDocs(client, a, products);
    await client.indices.refresh({ index: a });
    const bulkSeconds = (performance.now() - started) / 1000;
    await bulkIndexDocs(client, b, products);
    await client.indices.refresh({ index: b });
    await pointAlias(client, alias, a);

    const latencies: number[] = [];
    let failed = 0;
    let empty = 0;
    let swaps = 0;
    const until = Date.now() + options.seconds * 1000;
    const searcher = async (n: number) => {
      for (let i = n; Date.now() < until; i++) {
        const t = performance.now();
        try {
          const { body } = await client.search({ index: alias, body: { size: 30, query: { multi_match: { query: QUERIES[i % QUERIES.length] ?? '생수', fields: ['title', 'title.bigram'] } } } });
          latencies.push(performance.now() - t);
          if (body.hits.hits.length === 0) empty++;
        } catch {
          failed++;
        }
      }
    };
    const swapper = async () => {
      while (Date.now() < until) {
        await new Promise((resolve) => setTimeout(resolve, options.swapEveryMs));
        await pointAlias(client, alias, swaps % 2 === 0 ? b : a);
        swaps++;
      }
    };
    const loadStarted = performance.now();
    await Promise.all([swapper(), ...Array.from({ length: options.clients }, (_, n) => searcher(n))]);
    const sorted = [...latencies].sort((x, y) => x - y);
    return { docs: products.length, bulkSeconds, searches: latencies.length + failed, failed, empty, swaps, p50Ms: percentile(sorted, 50), p99Ms: percentile(sorted, 99), seconds: (performance.now() - loadStarted) / 1000 };
  } finally {
    await client.indices.delete({ index: `${a},${b}` }, { ignore: [404] });
  }
}
