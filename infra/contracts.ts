/**
 * Data contracts: the names other parts of the system (and outside checks) rely on. See ARCHITECTURE.md.
 * Change a name here only together with everything that reads it.
 */

/** Kafka topics. */
export const TOPICS = {
  /** Raw user events, keyed by user id or session id. */
  logsRaw: 'logs.raw',
  /** Events that failed validation, with the reason. */
  logsDlq: 'logs.dlq',
  /** Aggregates leaving the hot tier and the daily batch. */
  logsAggregates: 'logs.aggregates',
  /** Cleaned products on their way to the search index. */
  productsClean: 'products.clean',
} as const;

/** Partition counts: logs.raw is spread so several aggregator instances can share it. */
export const TOPIC_PARTITIONS: Readonly<Record<(typeof TOPICS)[keyof typeof TOPICS], number>> = {
  'logs.raw': 3,
  'logs.dlq': 1,
  'logs.aggregates': 1,
  'products.clean': 3,
};

/** MongoDB collections (database `ciao` by default). */
export const COLLECTIONS = {
  users: 'users',
  ecopoints: 'ecopoints',
  logsDaily: 'logs_daily',
  trainingSamples: 'training_samples',
} as const;

/** GridFS buckets. */
export const GRIDFS_BUCKETS = {
  uploads: 'uploads',
  detections: 'detections',
} as const;

/** Search indexes and aliases. */
export const SEARCH = {
  /** Alias over dated product indexes, swapped atomically after each refresh. */
  productsAlias: 'nolabel-products',
  /** Prefix of the dated product indexes the alias points at. */
  productsIndexPrefix: 'nolabel-products-',
  /** Zero-waste shops and recycling machines, with geo points. */
  placesIndex: 'lesswaste-places',
} as const;

/** HDFS locations. */
export const HDFS_PATHS = {
  logsRaw: '/ciao/logs/raw',
  productsRaw: '/ciao/products/raw',
  /** Where writers stage files before renaming them into place. */
  staging: '/ciao/tmp',
} as const;

/** Cold-tier folder of one hour: `/ciao/logs/raw/dt=YYYY-MM-DD/hour=HH`. */
export function coldTierHourPath(date: string, hour: number): string {
  return `${HDFS_PATHS.logsRaw}/dt=${date}/hour=${String(hour).padStart(2, '0')}`;
}

/** Crawl output folder of one day: `/ciao/products/raw/dt=YYYY-MM-DD`. */
export function productsRawPath(date: string): string {
  return `${HDFS_PATHS.productsRaw}/dt=${date}`;
}

/** Temporal task queues, named after what they run. */
export const TASK_QUEUES = {
  dags: 'dags',
  crawl: 'crawl',
  inference: 'inference',
  streaming: 'streaming',
} as const;

/** A dimension of the search-word rankings kept in Redis by the real-time aggregator. */
export type RankDimension = { readonly kind: 'all' } | { readonly kind: 'gender'; readonly gender: 'M' | 'W' } | { readonly kind: 'age'; readonly ageBand: number } | { readonly kind: 'gender_age'; readonly gender: 'M' | 'W'; readonly ageBand: number };

/**
 * Redis sorted set (member: word, score: searches) of the search-word ranking of one Korea-time day and
 * dimension: `rank:search:2026-11-25:all`, `…:g:W`, `…:a:20`, `…:ga:W:20`. Written by the aggregator, read
 * by mypage and the dashboards.
 */
export function searchRankKey(date: string, dim: RankDimension): string {
  const suffix = dim.kind === 'all' ? 'all' : dim.kind === 'gender' ? `g:${dim.gender}` : dim.kind === 'age' ? `a:${dim.ageBand}` : `ga:${dim.gender}:${dim.ageBand}`;
  return `rank:search:${date}:${suffix}`;
}
