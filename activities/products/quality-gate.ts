/**
 * `quality_gate`, what Airflow users do with check operators before a swap: the run fails — and the alias
 * stays on the old index — when the new index has fewer than `minRatio` of the serving index's documents,
 * when more than `maxRejectRatio` of the raw rows were rejected as bad data (noise filtered on purpose does
 * not count), or when a known-good query finds nothing.
 */
import { InfraError } from '../../domain/errors';
import type { Stores } from '../../infra/stores';
import type { TaskInvocation } from '../../workflows/dag/task-context';
import type { BuiltIndex } from './build-index';
import { aliasTargets, countDocs } from '../search/index-admin';
import { namingOf, type ProductsNaming } from './pipeline-naming';
import type { PublishedProducts } from './publish-clean';

/** Arguments of `checkProductsQuality`. */
export interface QualityGateArgs {
  readonly built: BuiltIndex;
  readonly published: PublishedProducts;
  /** Smallest allowed new / previous document ratio (param, default 0.5). */
  readonly minRatio: number;
  /** Largest allowed share of raw rows rejected as bad data (param, default 0.05). */
  readonly maxRejectRatio: number;
  /** Queries that must each find at least one product (param). */
  readonly queries: readonly string[];
}

/** Output of `checkProductsQuality` (only when it passes). */
export interface QualityReport {
  readonly index: string;
  readonly docs: number;
  /** The index the alias served, and its documents (null: none yet). */
  readonly previousIndex: string | null;
  readonly previousDocs: number | null;
  readonly rejectRatio: number;
  readonly queries: readonly { readonly query: string; readonly hits: number }[];
}

/** The quality-gate activity. */
export function createQualityGateActivities(stores: Stores, baseNaming: ProductsNaming) {
  const client = stores.search.client;
  return {
    /** Checks the new index; throws `ValidationFailed` (not retried) naming every failed check. */
    async checkProductsQuality(input: TaskInvocation<QualityGateArgs>): Promise<QualityReport> {
      const naming = namingOf(baseNaming, input.ctx.params);
      const { built, published, minRatio, maxRejectRatio, queries } = input.args;
      const problems: string[] = [];
      const [previousIndex = null] = (await aliasTargets(client, naming.alias)).filter((i) => i !== built.index);
      const previousDocs = previousIndex ? await countDocs(client, previousIndex) : null;
      if (previousDocs && built.docs < previousDocs * minRatio) {
        problems.push(`${built.index} has ${built.docs} documents, under ${minRatio} × the ${previousDocs} of ${previousIndex}`);
      }
      if (built.docs === 0) problems.push(`${built.index} is empty`);
      const rejectRatio = published.rows > 0 ? published.invalid / published.rows : 0;
      if (rejectRatio > maxRejectRatio) {
        problems.push(`${published.invalid} of ${published.rows} raw rows rejected as bad data (${(rejectRatio * 100).toFixed(1)} % > ${(maxRejectRatio * 100).toFixed(1)} %)`);
      }
      const results: { query: string; hits: number }[] = [];
      for (const query of queries) {
        const { body } = await client.search({
          index: built.index,
          body: { size: 0, track_total_hits: true, query: { multi_match: { query, operator: 'and', fields: ['title', 'title.bigram', 'brand', 'category'] } } },
        });
        const total = body.hits.total;
        const hits = typeof total === 'number' ? total : (total?.value ?? 0);
        results.push({ query, hits });
        if (hits === 0) problems.push(`the known-good query "${query}" finds nothing`);
      }
      if (problems.length > 0) {
        throw new InfraError('ValidationFailed', `quality gate failed, the alias stays on ${previousIndex ?? 'its index'}: ${problems.join('; ')}`, { index: built.index, problems });
      }
      return { index: built.index, docs: built.docs, previousIndex, previousDocs, rejectRatio: Math.round(rejectRatio * 10_000) / 10_000, queries: results };
    },
  };
}
