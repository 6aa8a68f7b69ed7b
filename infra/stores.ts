/**
 * All store clients together: what the web tier decorates its instance with and what workers pass to
 * activities. Each client connects lazily, so creating the set never fails when a service is down.
 */
import type { Config } from './config';
import { healthWithin, type HealthReport, type StoreClient } from './health';
import { createHdfsStore, type HdfsStore } from './hdfs';
import { createKafkaStore, type KafkaStore } from './kafka';
import { createMongoStore, type MongoStore } from './mongo';
import { createRedisStore, type RedisStore } from './redis';
import { createSearchStore, type SearchStore } from './search';
import { createTemporalStore, type TemporalStore } from './temporal';

/** One client per backing service. */
export interface Stores {
  readonly kafka: KafkaStore;
  readonly redis: RedisStore;
  readonly mongo: MongoStore;
  readonly search: SearchStore;
  readonly hdfs: HdfsStore;
  readonly temporal: TemporalStore;
}

/** Creates every store client for `config`. */
export function createStores(config: Config): Stores {
  return {
    kafka: createKafkaStore(config),
    redis: createRedisStore(config),
    mongo: createMongoStore(config),
    search: createSearchStore(config),
    hdfs: createHdfsStore(config),
    temporal: createTemporalStore(config),
  };
}

/** The stores as a list, in a stable order. */
export function storeList(stores: Stores): StoreClient[] {
  return [stores.temporal, stores.kafka, stores.redis, stores.mongo, stores.search, stores.hdfs];
}

/**
 * Probes every store in parallel.
 * @param timeoutMs when given, a store that has not answered within it is reported down (`/healthz` uses this so
 *   it answers in time whatever is down); otherwise each store's own probe timeout applies (3–6 s)
 */
export async function checkStores(stores: Stores, timeoutMs?: number): Promise<HealthReport[]> {
  return Promise.all(storeList(stores).map((s) => (timeoutMs === undefined ? s.health() : healthWithin(s.name, s.health(), timeoutMs))));
}

/** Closes every store; errors are swallowed so one bad close does not keep the others open. */
export async function closeStores(stores: Stores): Promise<void> {
  await Promise.allSettled(storeList(stores).map((s) => s.close()));
}
