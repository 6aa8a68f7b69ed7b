/**
 * Integration-test support: a Temporal dev server of the test file's own, for tests that stop and restart
 * Temporal without touching the shared one (see `own-service.ts`): the stack's Temporal CLI, namespace
 * `default` with the DAG search attributes, on free ports; its SQLite file survives a stop, so a restarted
 * server knows every workflow it had.
 */
import { after, before } from 'node:test';
import type { Config } from '../../infra/config';
import { createTemporalStore, type TemporalStore } from '../../infra/temporal';
import { startOwnTemporalServer, type OwnService } from './own-service';

/** A running Temporal of the test's own; `config` and `store` point at it. */
export interface OwnTemporal {
  /** The test's configuration with `temporal` (address, UI, namespace `default`) and `stackDir` moved to it. */
  readonly config: Config;
  /** A client of the own server. */
  readonly store: TemporalStore;
  /** Stops the server (SIGTERM, waiting for it to exit). */
  stop(): Promise<void>;
  /** Starts it again on the same ports and data; resolves when it answers. */
  start(): Promise<void>;
}

/** Starts a Temporal server of the file's own before its tests and removes it after them. Call at the top of the file. */
export function useOwnTemporal(config: Config): OwnTemporal {
  let own: { server: OwnService; store: TemporalStore } | undefined;
  const current = (): NonNullable<typeof own> => {
    if (!own) throw new Error('useOwnTemporal: the server is only there inside the tests');
    return own;
  };
  before(
    async () => {
      const server = await startOwnTemporalServer(config);
      own = { server, store: createTemporalStore(server.config) };
    },
    { timeout: 300_000 },
  );
  after(async () => {
    if (!own) return;
    await own.store.close();
    await own.server.remove();
  });
  return {
    get config() {
      return current().server.config;
    },
    get store() {
      return current().store;
    },
    stop: () => current().server.stop(),
    start: () => current().server.start(),
  };
}
