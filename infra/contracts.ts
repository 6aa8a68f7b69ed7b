/**
 * Data contracts: the names other parts of the system (and outside checks) rely on. See ARCHITECTURE.md.
 * Change a name here only together with everything that reads it.
 *
 * Kafka topics, HDFS paths and search indexes carry the process's data prefix (`CIAO_DATA_PREFIX`): empty
 * for the app (`logs.raw`, `/ciao/logs/raw`, `nolabel-products`), `test` for the test suite (`test.logs.raw`,
 * `/test/ciao/logs/raw`, `test-nolabel-products`), so tests never read or write the app's data on a shared
 * stack. (Redis, MongoDB and Temporal separate them by database and namespace instead.) The prefix is fixed
 * once per process, when this module loads, because these names are constants everywhere else.
 */
import { dataPrefixOf } from './config';

/** The data prefix of this process ('' for the app). */
export const DATA_PREFIX = dataPrefixOf();
const topic = (name: string): string => (DATA_PREFIX ? `${DATA_PREFIX}.${name}` : name);
const hdfs = (path: string): string => (DATA_PREFIX ? `/${DATA_PREFIX}${path}` : path);
const index = (name: string): string => (DATA_PREFIX ? `${DATA_PREFIX}-${name}` : name);
import type { Gender } from '../domain/gender';

/** Kafka topics. */
export const TOPICS = {
  /** Raw user events, keyed by user id or session id. */
  logsRaw: topic('logs.raw'),
  /** Events that failed validation, with the reason. */
  logsDlq: topic('logs.dlq'),
  /** Aggregates leaving the hot tier and the daily batch. */
  logsAggregates: topic('logs.aggregates'),
  /** Cleaned products on their way to the search index. */
  productsClean: topic('products.clean'),
} as const;

/** Partition counts: logs.raw is spread so several aggregator instances can share it. */
export const TOPIC_PARTITIONS: Readonly<Record<keyof typeof TOPICS, number>> = {
  logsRaw: 3,
  logsDlq: 1,
  logsAggregates: 1,
  productsClean: 3,
};

/** Kafka consumer groups of the app's own consumers. */
export const CONSUMER_GROUPS = {
  /** The real-time aggregator of logs.raw. */
  aggregator: topic('ciao-aggregator'),
} as const;

/** MongoDB collections (database `ciao` by default). */
export const COLLECTIONS = {
  users: 'users',
  ecopoints: 'ecopoints',
  logsDaily: 'logs_daily',
  trainingSamples: 'training_samples',
  /** One record per eco-point upload: member, service, hashes, stage and verdict (GridFS holds the bytes). */
  ecopointUploads: 'ecopoint_uploads',
  /** Free-text notes on DAG runs (one per run id). */
  dagRunNotes: 'dag_run_notes',
  /** Asset events (a task produced an asset) and the asset-triggered runs they started. */
  assetEvents: 'asset_events',
  assetTriggers: 'asset_triggers',
} as const;

/** GridFS buckets. */
export const GRIDFS_BUCKETS = {
  uploads: 'uploads',
  detections: 'detections',
} as const;

/** Search indexes and aliases. */
export const SEARCH = {
  /** Alias over dated product indexes, swapped atomically after each refresh. */
  productsAlias: index('nolabel-products'),
  /** Prefix of the dated product indexes the alias points at. */
  productsIndexPrefix: index('nolabel-products-'),
  /** Zero-waste shops and recycling machines, with geo points. */
  placesIndex: index('lesswaste-places'),
} as const;

/** HDFS locations. */
export const HDFS_PATHS = {
  logsRaw: hdfs('/ciao/logs/raw'),
  productsRaw: hdfs('/ciao/products/raw'),
  /** Where writers stage files before renaming them into place. */
  staging: hdfs('/ciao/tmp'),
} as const;

/** Cold-tier folder of one hour: `/ciao/logs/raw/dt=YYYY-MM-DD/hour=HH`. */
export function coldTierHourPath(date: string, hour: number): string {
  return `${HDFS_PATHS.logsRaw}/dt=${date}/hour=${String(hour).padStart(2, '0')}`;
}

/** Crawl output folder of one day: `/ciao/products/raw/dt=YYYY-MM-DD`. */
export function productsRawPath(date: string): string {
  return `${HDFS_PATHS.productsRaw}/dt=${date}`;
}

/** Temporal task queues: defined with the other workflow-safe words in domain/scheduling.ts. */
export { TASK_QUEUES } from '../domain/scheduling';

/** A dimension of the search-word rankings kept in Redis by the real-time aggregator. */
export type RankDimension = { readonly kind: 'all' } | { readonly kind: 'gender'; readonly gender: Gender } | { readonly kind: 'age'; readonly ageBand: number } | { readonly kind: 'gender_age'; readonly gender: Gender; readonly ageBand: number };

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
