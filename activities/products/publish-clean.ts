/**
 * `publish_clean`: the shops' clean products, merged across shops (the same product in several shops is one
 * product at the cheapest offer, with every shop's link), published to Kafka `products.clean` keyed by
 * product id. The output is the exact offsets this run wrote, which `build_index` reads back.
 */
import type { Stores } from '../../infra/stores';
import type { TaskInvocation } from '../../workflows/dag/task-context';
import type { OffsetRange } from '../logs/offset-ranges';
import { publishTracked } from '../logs/publish-tracked';
import { checkCleanProduct, type CleanProduct } from './clean-product';
import { namingOf, runDayOf, type ProductsNaming } from './pipeline-naming';
import type { TransformedShop } from './transform-task';
import { dedupeProducts } from './transform/dedupe-products';
import { InfraError } from '../../domain/errors';
import { TOPIC_PARTITIONS } from '../../infra/contracts';

/** Output of `publishCleanProducts`. */
export interface PublishedProducts {
  readonly day: string;
  readonly topic: string;
  readonly ranges: OffsetRange[];
  /** Products published (one per id). */
  readonly products: number;
  /** Shop offers folded into a cheaper shop's product. */
  readonly mergedAcrossShops: number;
  /** Raw rows read by the transforms, and of those rejected as bad data / as noise. */
  readonly rows: number;
  readonly invalid: number;
  readonly noise: number;
}

/** The publishing activity. */
export function createPublishCleanActivities(stores: Stores, baseNaming: ProductsNaming) {
  return {
    /** Merges the shops' products and publishes them. */
    async publishCleanProducts(input: TaskInvocation<{ transformed: readonly TransformedShop[] }>): Promise<PublishedProducts> {
      const naming = namingOf(baseNaming, input.ctx.params);
      const day = runDayOf(input.ctx.logicalDate);
      const all: CleanProduct[] = [];
      for (const shop of input.args.transformed) {
        const lines = (await stores.hdfs.hdfs.readFile(shop.cleanPath)).toString('utf8').split('\n').filter(Boolean);
        for (const line of lines) {
          const checked = checkCleanProduct(JSON.parse(line));
          // Written by this pipeline's transform: a bad row here is a bug, not data to skip.
          if (!checked.ok) throw new InfraError('ValidationFailed', `${shop.cleanPath}: ${checked.reason}`, { path: shop.cleanPath });
          all.push(checked.product);
        }
      }
      const { products, mergedAcrossShops } = dedupeProducts(all);
      if (naming !== baseNaming) {
        // A sandbox run publishes to its own topic, made on first use (the contract topic is made by `stack init`).
        const admin = await stores.kafka.admin();
        await admin.createTopics({ topics: [{ topic: naming.topic, numPartitions: TOPIC_PARTITIONS.productsClean, replicationFactor: 1 }], waitForLeaders: true });
      }
      const ranges = await publishTracked(
        stores.kafka,
        naming.topic,
        products.map((p) => ({ key: p.id, value: JSON.stringify(p), headers: { run: input.ctx.runId, day } })),
      );
      const sum = (f: (t: TransformedShop) => number) => input.args.transformed.reduce((n, t) => n + f(t), 0);
      return { day, topic: naming.topic, ranges, products: products.length, mergedAcrossShops, rows: sum((t) => t.rows), invalid: sum((t) => t.invalid), noise: sum((t) => t.noise) };
    },
  };
}
