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
  /** The model registry: one document per model version (status, metrics, data snapshot, training params, files). */
  models: 'models',
  /** Which version of each model kind is active, with the stack of versions active before it (rollback). */
  modelActive: 'model_active',
  /** Every promotion and rollback, append-only (who, when, from which version to which). */
  modelPromotions: 'model_promotions',
} as const;

/** GridFS buckets. */
export const GRIDFS_BUCKETS = {
  uploads: 'uploads',
  /** The upload upright, ≤ 1600 px, no EXIF: what the detector reads and thumbnails are cut from. */
  previews: 'upload_previews',
  detections: 'detections',
  /** The files of registered model versions (ONNX, metadata JSON), one GridFS file per SHA-256. */
  modelFiles: 'model_files',
} as const;

/** Search indexes and aliases. */
export const SEARCH = {
  /** Alias over dated product indexes, swapped atomically after each refresh. */
  productsAlias: index('nolabel-products'),
  /** Prefix of the dated product indexes the alias points at. */
  productsIndexPrefix: index('nolabel-products-'),
  /**
   * Zero-waste shops and recycling machines, with geo points: an alias over dated indexes, swapped atomically
   * by the `lesswaste_places` DAG (`ciao stack init` turns an older plain index of this name into one).
   */
  placesIndex: index('lesswaste-places'),
  /** Prefix of the dated places indexes the alias points at. */
  placesIndexPrefix: index('lesswaste-places-'),
} as const;

/** HDFS locations. */
export const HDFS_PATHS = {
  logsRaw: hdfs('/ciao/logs/raw'),
  productsRaw: hdfs('/ciao/products/raw'),
  /** The product transform's per-shop output, before the cross-shop merge. */
  productsClean: hdfs('/ciao/products/clean'),
  /** Places as read and validated from each source: `dt=<day>/source=<id>/part-00000.jsonl` + `_rejects/`. */
  placesRaw: hdfs('/ciao/places/raw'),
  /** Places with coordinates (after geocoding) per source, and the day's de-duplicated set. */
  placesClean: hdfs('/ciao/places/clean'),
  /** Retraining data sets of `detector_retrain`: `<version>/{train,val}/{images,labels}/…` (YOLO layout) + `dataset.json`. */
  detectorRetrain: hdfs('/ciao/models/detector/retrain'),
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

/**
 * Redis key layouts of the hot tier: defined in infra/hot-tier-keys.ts, a module without Node imports, because
 * the dashboards' browser script reads them too. (Redis keys carry no data prefix: tests use a Redis database
 * of their own.)
 */
export * from './hot-tier-keys';
