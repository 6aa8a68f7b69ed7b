/**
 * `transform` (a map over the day's raw partitions): one shop's raw rows → its clean products
 * (`<cleanRoot>/dt=<day>/shop=<shop>/part-00000.jsonl`) and its rejects with their reasons
 * (`<rawRoot>/dt=<day>/shop=<shop>/_rejects/part-00000.jsonl`), each replaced whole by a rerun.
 */
import { Context } from '@temporalio/activity';
import type { Stores } from '../../infra/stores';
import type { TaskInvocation } from '../../workflows/dag/task-context';
import { replaceHdfsFile } from '../logs/hdfs-replace';
import type { RawPartition } from './land-raw';
import { cleanShopFile, namingOf, type ProductsNaming } from './pipeline-naming';
import { transformPartition, type TransformCounts } from './transform/transform-partition';
import { NOISE_REASONS, type RejectReason } from './transform/transform-row';

/** Output of `transformRawPartition`. */
export interface TransformedShop extends TransformCounts {
  readonly day: string;
  readonly shop: string;
  /** The clean products file. */
  readonly cleanPath: string;
  readonly rejectsPath: string;
  /** Rejected as noise on purpose (유라벨, 유무 선택, 랜덤발송, accessories). */
  readonly noise: number;
  /** Rejected as bad data (schema, price, size): what the quality gate limits. */
  readonly invalid: number;
}

/** The transform activity. */
export function createTransformActivities(stores: Stores, baseNaming: ProductsNaming) {
  const hdfs = stores.hdfs.hdfs;
  return {
    /** Transforms one raw partition. */
    async transformRawPartition(input: TaskInvocation<{ item: RawPartition }>): Promise<TransformedShop> {
      const naming = namingOf(baseNaming, input.ctx.params);
      const { day, shop, path, parts } = input.args.item;
      let text = '';
      for (const part of parts) {
        text += (await hdfs.readFile(`${path}/${part}`)).toString('utf8');
        Context.current().heartbeat({ part });
      }
      const { products, rejects, counts } = transformPartition(text);
      const cleanPath = cleanShopFile(naming, day, shop);
      const rejectsPath = `${path}/_rejects/part-00000.jsonl`;
      const staging = `${naming.stagingRoot}/products_transform`;
      await replaceHdfsFile(hdfs, cleanPath, products.map((p) => JSON.stringify(p)).join('\n') + (products.length > 0 ? '\n' : ''), staging);
      await replaceHdfsFile(hdfs, rejectsPath, rejects.map((r) => JSON.stringify(r)).join('\n') + (rejects.length > 0 ? '\n' : ''), staging);
      const noise = (Object.entries(counts.byReason) as [RejectReason, number][]).filter(([reason]) => NOISE_REASONS.has(reason)).reduce((n, [, c]) => n + c, 0);
      return { ...counts, day, shop, cleanPath, rejectsPath, noise, invalid: counts.rejected - noise };
    },
  };
}
