/**
 * `swap_alias` and `prune`: the alias moves to the new index in one atomic `_aliases` call; then all but the
 * newest `keep` product indexes are deleted (never the one the alias serves), and the run's crawl staging
 * is removed (with what failed runs left more than two weeks ago).
 */
import type { Stores } from '../../infra/stores';
import type { TaskInvocation } from '../../workflows/dag/task-context';
import type { QualityReport } from './quality-gate';
import { aliasTargets, listIndexes, pointAlias } from '../search/index-admin';
import { indexesToPrune } from '../search/dated-index-names';
import { crawlStagingPath, runDayOf, namingOf, type ProductsNaming } from './pipeline-naming';
import { Context } from '@temporalio/activity';
import { addDays } from '../logs/retention';

/** Output of `swapProductsAlias`. */
export interface SwappedAlias {
  readonly alias: string;
  readonly index: string;
  /** Indexes the alias left. */
  readonly previous: readonly string[];
}

/** Output of `pruneProductIndexes`. */
export interface PrunedIndexes {
  readonly deleted: readonly string[];
  readonly kept: readonly string[];
  readonly stagingRemoved: boolean;
  /** Days of crawl staging older than two weeks removed (left by failed runs). */
  readonly staleStagingRemoved: number;
}

/** Days a failed run's crawl staging is kept. */
const STALE_STAGING_DAYS = 14;

/** The swap and prune activities. */
export function createSwapAndPruneActivities(stores: Stores, baseNaming: ProductsNaming) {
  const client = stores.search.client;
  return {
    /** Points the alias at the checked index (atomic). */
    async swapProductsAlias(input: TaskInvocation<{ checked: QualityReport }>): Promise<SwappedAlias> {
      const naming = namingOf(baseNaming, input.ctx.params);
      const previous = await pointAlias(client, naming.alias, input.args.checked.index);
      return { alias: naming.alias, index: input.args.checked.index, previous };
    },

    /** Keeps the newest `keep` indexes; removes the run's crawl staging and that of failed runs over two weeks old. */
    async pruneProductIndexes(input: TaskInvocation<{ keep: number; swapped: SwappedAlias }>): Promise<PrunedIndexes> {
      const naming = namingOf(baseNaming, input.ctx.params);
      const all = await listIndexes(client, naming.indexPrefix);
      const aliased = new Set(await aliasTargets(client, naming.alias));
      const deleted = indexesToPrune(naming.indexPrefix, all, aliased, input.args.keep);
      if (deleted.length > 0) await client.indices.delete({ index: deleted.join(',') });
      const runKey = Context.current().info.workflowExecution?.runId ?? input.ctx.runId;
      const day = runDayOf(input.ctx.logicalDate);
      const stagingRemoved = await stores.hdfs.hdfs.delete(crawlStagingPath(naming, day, runKey), { recursive: true });
      // Crawl staging of runs that failed and were never rerun: kept two weeks for a look, then removed.
      const crawlRoot = `${naming.stagingRoot}/products_crawl`;
      const cutoff = `dt=${addDays(day, -STALE_STAGING_DAYS)}`;
      const stale = (await stores.hdfs.hdfs.list(crawlRoot).catch(() => [])).map((s) => s.pathSuffix).filter((name) => name.startsWith('dt=') && name < cutoff);
      for (const name of stale) await stores.hdfs.hdfs.delete(`${crawlRoot}/${name}`, { recursive: true });
      return { deleted, kept: all.filter((i) => !deleted.includes(i)), stagingRemoved, staleStagingRemoved: stale.length };
    },
  };
}
