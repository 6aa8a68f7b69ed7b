/**
 * Where the no-label refresh reads and writes: HDFS folders, the Kafka topic, the alias and the index
 * prefix. The pipeline takes them as one value so integration tests run it under their own names on the
 * shared stack; production uses {@link PRODUCTS_NAMING} (the data contracts).
 */
import { InfraError } from '../../domain/errors';
import { seoulDate } from '../../domain/korea-time';
import { HDFS_PATHS, SEARCH, TOPICS } from '../../infra/contracts';

/** Names used by one instance of the pipeline. */
export interface ProductsNaming {
  /** Raw partitions: `<rawRoot>/dt=<day>/shop=<shop>/part-*.jsonl`. */
  readonly rawRoot: string;
  /** Transform output per shop: `<cleanRoot>/dt=<day>/shop=<shop>/part-*.jsonl`. */
  readonly cleanRoot: string;
  /** Staging folder for crawls and landings. */
  readonly stagingRoot: string;
  readonly topic: string;
  readonly alias: string;
  /** Dated indexes are `<indexPrefix><YYYYMMDD>-<build>`. */
  readonly indexPrefix: string;
}

/** The contract names. */
export const PRODUCTS_NAMING: ProductsNaming = {
  rawRoot: HDFS_PATHS.productsRaw,
  cleanRoot: HDFS_PATHS.productsClean,
  stagingRoot: HDFS_PATHS.staging,
  topic: TOPICS.productsClean,
  alias: SEARCH.productsAlias,
  indexPrefix: SEARCH.productsIndexPrefix,
};

/**
 * The names of a sandbox: everything under `/ciao/tmp/sandbox/<name>/`, topic `sandbox.<name>.products.clean`,
 * alias `sandbox-<name>-nolabel-products` — for tests and rehearsals of the whole DAG on a shared stack.
 * @throws InfraError `ValidationFailed` for a name that is not 1–40 lower-case letters, digits or dashes
 */
export function sandboxNaming(name: string): ProductsNaming {
  if (!/^[a-z0-9][a-z0-9-]{0,39}$/.test(name)) throw new InfraError('ValidationFailed', `sandbox name "${name}" must be 1–40 lower-case letters, digits or dashes`, { name });
  const root = `${HDFS_PATHS.staging}/sandbox/${name}`;
  return {
    rawRoot: `${root}/products/raw`,
    cleanRoot: `${root}/products/clean`,
    stagingRoot: `${root}/tmp`,
    topic: `sandbox.${name}.${TOPICS.productsClean}`,
    alias: `sandbox-${name}-${SEARCH.productsAlias}`,
    indexPrefix: `sandbox-${name}-${SEARCH.productsIndexPrefix}`,
  };
}

/** The names a task works with: the run's `sandbox` param when set, else `base`. */
export function namingOf(base: ProductsNaming, params: Readonly<Record<string, unknown>>): ProductsNaming {
  return typeof params.sandbox === 'string' ? sandboxNaming(params.sandbox) : base;
}

/** The Korea-time day (`YYYY-MM-DD`) of a run's logical date. */
export function runDayOf(logicalDate: string): string {
  return seoulDate(new Date(logicalDate));
}

/** `<rawRoot>/dt=<day>` */
export function rawDayPath(naming: ProductsNaming, day: string): string {
  return `${naming.rawRoot}/dt=${day}`;
}

/** `<rawRoot>/dt=<day>/shop=<shop>` */
export function rawShopPath(naming: ProductsNaming, day: string, shop: string): string {
  return `${rawDayPath(naming, day)}/shop=${shop}`;
}

/** `<cleanRoot>/dt=<day>/shop=<shop>/part-00000.jsonl` */
export function cleanShopFile(naming: ProductsNaming, day: string, shop: string): string {
  return `${naming.cleanRoot}/dt=${day}/shop=${shop}/part-00000.jsonl`;
}

/** Staging folder of one run's crawl of a day: `<staging>/products_crawl/dt=<day>/run=<runKey>`. */
export function crawlStagingPath(naming: ProductsNaming, day: string, runKey: string): string {
  return `${naming.stagingRoot}/products_crawl/dt=${day}/run=${runKey.replace(/[^A-Za-z0-9_-]/g, '_')}`;
}
