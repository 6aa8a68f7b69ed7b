/**
 * Integration-test support: the real store clients of the local stack (started by `npm test`), closed after
 * the test file.
 */
import { after } from 'node:test';
import { randomBytes } from 'node:crypto';
import { loadConfig, type Config } from '../../infra/config';
import { DATA_PREFIX } from '../../infra/contracts';
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
