/**
 * Integration-test support: the real store clients of the local stack (started by `npm test`), closed after
 * the test file.
 */
import { after } from 'node:test';
import { randomBytes } from 'node:crypto';
import { loadConfig, type Config } from '../../infra/config';
import { DATA_PREFIX } from '../../infra/contracts';
import { createRedisStore, type RedisStore } from '../../infra/redis';
import { closeStores, createStores, type Stores } from '../../infra/stores';
import { TEST_DATA_PREFIX } from './test-env';

/**
 * Config and stores for one test file; closed automatically when the file's tests end.
 * @throws when the test environment (test/support/test-env.ts) is not loaded: the test would otherwise touch
 *   the app's own data
 */
export function useStores(): { config: Config; stores: Stores } {
  const config = loadConfig();
  if (config.dataPrefix !== TEST_DATA_PREFIX || DATA_PREFIX !== TEST_DATA_PREFIX) {
    throw new Error('integration tests run in their own data namespace: start them with `bash scripts/with-test-env.sh node --import tsx --test …` (npm test does)');
  }
  const stores = createStores(config);
  after(() => closeStores(stores));
  return { config, stores };
}

/** A short random suffix so reruns and parallel runs never collide on names. */
export function uniqueSuffix(): string {
  return `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
}

/** Redis databases the tests use besides the application's 0, one per test, so they never share keys. */
export const TEST_REDIS_DATABASES = {
  /** test/integration/web/pages.test.ts: today's search ranks, empty until the test writes them. */
  mypageRanks: 11,
  /** test/integration/logs/wait-aggregated.test.ts: the aggregator's progress and a day's hot keys. */
  aggregatorProgress: 12,
  /** test/integration/logs/aggregator-outages.test.ts: the offsets of the aggregator it stops Kafka under. */
  aggregatorOutage: 13,
  /** test/integration/web/site/nolabel.test.ts: today's popular search words on the /nolabel page. */
  nolabelRanks: 14,
  /** The chaos suite (`npm run test:chaos`): its aggregator's hot tier and its sessions (not a test file's). */
  chaos: 10,
} as const;

/**
 * A client of database `db` of the stack's Redis, closed after the test file: for a test that needs keys no
 * traffic writes (e.g. today's search ranks, which the aggregator keeps in database 0), without touching
 * the shared ones. The test removes what it writes there.
 */
export function useRedisDatabase(config: Config, db: number): RedisStore {
  const url = new URL(config.redis.url);
  url.pathname = `/${db}`;
  const store = createRedisStore({ ...config, redis: { ...config.redis, url: url.toString() } });
  after(() => store.close());
  return store;
}
