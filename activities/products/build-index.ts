/**
 * `build_index`: a new dated index `<prefix><YYYYMMDD>-<build n>` (n = the day's next build, so a rerun of
 * the same day never touches the index the alias serves), with the explicit mappings of
 * infra/search-indexes.ts and the search-time synonyms of infra/product-synonyms.txt as the file is at the
 * build (its fingerprint is in the output), filled from exactly the Kafka offsets `publish_clean` wrote. An attempt that
 * fails deletes the index it made, so no half-built index is left behind.
 */
import { Context } from '@temporalio/activity';
import { InfraError } from '../../domain/errors';
import { loadProductSynonyms } from '../../infra/product-synonyms';
import { productsIndexBody } from '../../infra/search-indexes';
import type { Stores } from '../../infra/stores';
import type { TaskInvocation } from '../../workflows/dag/task-context';
import { readOffsetRanges } from '../logs/read-offset-ranges';
import { checkCleanProduct, type CleanProduct } from './clean-product';
import { bulkIndexDocs } from '../search/bulk-index';
import { countDocs, listIndexes } from '../search/index-admin';
import { nextBuildNumber, datedIndexName } from '../search/dated-index-names';
import { namingOf, type ProductsNaming } from './pipeline-naming';
import type { PublishedProducts } from './publish-clean';

/** Output of `buildProductsIndex`. */
export interface BuiltIndex {
  readonly index: string;
  readonly day: string;
  readonly build: number;
  readonly docs: number;
  /** Messages read from Kafka that were not products (skipped, counted). */
  readonly malformed: number;
  /** Fingerprint of the synonyms the index was built with (infra/product-synonyms.txt, also in its `_meta`). */
  readonly synonyms: string;
}

/** The index-building activity. */
export function createBuildIndexActivities(stores: Stores, baseNaming: ProductsNaming) {
  const client = stores.search.client;
  return {
    /** Builds the run's new index from its published offsets. */
    async buildProductsIndex(input: TaskInvocation<{ published: PublishedProducts }>): Promise<BuiltIndex> {
      const naming = namingOf(baseNaming, input.ctx.params);
      const { published } = input.args;
      const build = nextBuildNumber(naming.indexPrefix, await listIndexes(client, naming.indexPrefix), published.day);
      const index = datedIndexName(naming.indexPrefix, published.day, build);
      // The synonyms file is read now: each new index ships with the synonyms of its build.
      const synonyms = loadProductSynonyms();
      await client.indices.create({ index, body: productsIndexBody(synonyms) });
      try {
        const products = new Map<string, CleanProduct>();
        let malformed = 0;
        await readOffsetRanges(
          stores.kafka,
          published.topic,
          published.ranges,
          (_partition, message) => {
            let value: unknown;
            try {
              value = JSON.parse(message.value?.toString('utf8') ?? '');
            } catch {
              malformed++;
              return;
            }
            const checked = checkCleanProduct(value);
            if (checked.ok) products.set(checked.product.id, checked.product);
            else malformed++;
          },
          { onProgress: (read) => Context.current().heartbeat({ read }) },
        );
        const docs = [...products.values()];
        await bulkIndexDocs(client, index, docs, (indexed) => Context.current().heartbeat({ indexed }));
        await client.indices.refresh({ index });
        const count = await countDocs(client, index);
        if (count !== docs.length) throw new InfraError('ServiceUnavailable', `${index} holds ${count} documents, ${docs.length} were indexed`, { index });
        return { index, day: published.day, build, docs: count, malformed, synonyms: synonyms.fingerprint };
      } catch (err) {
        await client.indices.delete({ index }, { ignore: [404] }).catch(() => undefined);
        throw err;
      }
    },
  };
}
