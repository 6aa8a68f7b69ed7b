/**
 * Integration-test support: the real store clients of the local stack (started by `npm test`), closed after
 * the test file.
 */
import { after } from 'node:test';
import { randomBytes } from 'node:crypto';
import { loadConfig, type Config } from '../../infra/config';
import { closeStores, createStores, type Stores } from '../../infra/stores';

/** Config and stores for one test file; closed automatically when the file's tests end. */
export function useStores(): { config: Config; stores: Stores } {
  const config = loadConfig();
  const stores = createStores(config);
  after(() => closeStores(stores));
  return { config, stores };
}

/** A short random suffix so reruns and parallel runs never collide on names. */
export function uniqueSuffix(): string {
  return `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
}
