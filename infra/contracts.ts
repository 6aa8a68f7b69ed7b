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
  /** The product transform's per-shop output, before the cross-shop merge. */
  productsClean: '/ciao/products/clean',
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

/** Time resolutions of the real-time aggregates. */
export const AGG_RESOLUTIONS = ['1m', '5m', '1h', '1d'] as const;
export type AggResolution = (typeof AGG_RESOLUTIONS)[number];

/**
 * Redis hash of the event counts of one time bucket (Korea time): `agg:1m:2026-11-25T09:15`,
 * `agg:5m:2026-11-25T09:15`, `agg:1h:2026-11-25T09`, `agg:1d:2026-11-25`. Fields are
 * {@link aggField}s; values are counts (or, for `points:*` metrics, sums of points).
 */
export function aggKey(resolution: AggResolution, bucket: string): string {
  return `agg:${resolution}:${bucket}`;
}

/** Placeholder of a missing dimension (anonymous visitors) in aggregate fields. */
export const NO_DIM = '-';

/**
 * Field of an aggregate hash: `<metric>|<gender>|<ageBand>|<region>`, e.g. `menu_click:nolabel|W|20|seoul`
 * or `search|-|-|-` for an anonymous search. Metrics are the event type, `type:sub` for menus and eco-point
 * services, and `points:ecopoint:<service>` for points granted.
 */
export function aggField(metric: string, gender: string | null, ageBand: number | null, region: string | null): string {
  return `${metric}|${gender ?? NO_DIM}|${ageBand ?? NO_DIM}|${region ?? NO_DIM}`;
}

/** Splits an {@link aggField}. */
export function parseAggField(field: string): { metric: string; gender: string; ageBand: string; region: string } {
  const [metric = '', gender = NO_DIM, ageBand = NO_DIM, region = NO_DIM] = field.split('|');
  return { metric, gender, ageBand, region };
}

/** Per-minute search ranking (for "the last 60 minutes"): `rank:search:m:2026-11-25T09:15:<dim>`. */
export function searchRankMinuteKey(minute: string, dim: RankDimension): string {
  return searchRankKey(`m:${minute}`, dim);
}

/** Redis keys of the aggregator's own state. */
export const AGG_STATE = {
  /** Hash: `<partition>` → next offset, `<partition>:wm` → watermark (max event time, ms), per topic. */
  offsets: (topic: string): string => `agg:offsets:${topic}`,
  /** Set of event ids seen in one event-time hour (de-duplicates re-sent events). */
  seen: (hour: string): string => `agg:seen:${hour}`,
  /** Hash of counters: processed, duplicates, late, dlq, per Korea-time day (`<metric>:<date>`). */
  stats: 'agg:stats',
} as const;

/** How long hot-tier keys live: 48 hours. */
export const HOT_TTL_S = 48 * 3600;
