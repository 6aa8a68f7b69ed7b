/**
 * The tests' own data on the shared local stack, so `npm test` never reads or writes what `npm start` keeps
 * there. `scripts/with-test-env.sh <command>` runs a command (the integration and browser tests) with it;
 * every process the tests start inherits it:
 *
 * | store | the app | the tests |
 * |---|---|---|
 * | Temporal | namespace `default` | namespace `ciao-test` |
 * | Kafka, HDFS, OpenSearch | `logs.raw`, `/ciao/…`, `nolabel-products` | `test.logs.raw`, `/test/ciao/…`, `test-nolabel-products` (`CIAO_DATA_PREFIX=test`) |
 * | Redis | database 0 | database 15 |
 * | MongoDB | database `ciao` | database `ciao_test` |
 *
 * Endpoints stay the developer's own (`KAFKA_BROKERS`, …). Run as a script, this prints the variables as shell
 * `export` lines (the environment must be set before anything imports infra/contracts).
 */
import { loadConfig } from '../../infra/config';

/** The data prefix that marks the test environment. */
export const TEST_DATA_PREFIX = 'test';

/** The variables of the test environment, derived from the developer's configuration `env`. */
export function testEnvironment(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const app = loadConfig(env);
  if (app.dataPrefix === TEST_DATA_PREFIX) return {};
  const redis = new URL(app.redis.url);
  redis.pathname = '/15';
  return {
    TEMPORAL_NAMESPACE: env.CIAO_TEST_TEMPORAL_NAMESPACE ?? 'ciao-test',
    REDIS_URL: redis.toString(),
    MONGO_DB: `${app.mongo.db}_test`,
    CIAO_DATA_PREFIX: TEST_DATA_PREFIX,
  };
}

if (require.main === module) {
  for (const [key, value] of Object.entries(testEnvironment())) console.log(`export ${key}='${value.replace(/'/g, `'\\''`)}'`);
}
