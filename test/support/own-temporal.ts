/**
 * Integration-test support: a Temporal dev server of the test file's own, for tests that stop and restart
 * Temporal without touching the shared one. It is the stack's Temporal (same CLI binary, same `run.sh`,
 * namespace `default` with the DAG search attributes) started from a temporary stack folder on free ports;
 * its SQLite file survives a stop, so a restarted server knows every workflow it had.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { after, before } from 'node:test';
import { PROJECT_ROOT, type Config } from '../../infra/config';
import { stackDown, stackUp } from '../../infra/stack/stack';
import { createTemporalStore, type TemporalStore } from '../../infra/temporal';

const run = promisify(execFile);

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

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function bringUp(config: Config): Promise<void> {
  const lines: string[] = [];
  try {
    await stackUp(config, (line) => lines.push(line), { only: ['temporal'], skipSystemPackages: true });
  } catch (err) {
    throw new Error(`the test's own Temporal did not start: ${(err as Error).message}\n${lines.join('\n')}`);
  }
}

/**
 * Starts a Temporal server of the file's own before its tests (installing the CLI into `config.stackDir`
 * when missing) and removes it, data and all, after them. Call at the top of the test file.
 */
export function useOwnTemporal(config: Config): OwnTemporal {
  let own: { config: Config; store: TemporalStore; dir: string } | undefined;
  const current = (): NonNullable<typeof own> => {
    if (!own) throw new Error('useOwnTemporal: the server is only there inside the tests');
    return own;
  };

  before(
    async () => {
      const install = path.join(PROJECT_ROOT, 'infra', 'stack', 'services', 'temporal', 'install.sh');
      await run('bash', [install], { env: { ...process.env, CIAO_STACK_DIR: config.stackDir }, maxBuffer: 16 * 1024 * 1024 });
      const dir = await mkdtemp(path.join(tmpdir(), 'ciao-own-temporal-'));
      await mkdir(path.join(dir, 'opt'));
      await symlink(path.join(config.stackDir, 'opt', 'temporal'), path.join(dir, 'opt', 'temporal'));
      const [port, uiPort] = [await freePort(), await freePort()];
      const ownConfig: Config = { ...config, stackDir: dir, temporal: { ...config.temporal, address: `127.0.0.1:${port}`, uiUrl: `http://127.0.0.1:${uiPort}`, namespace: 'default' } };
      own = { config: ownConfig, store: createTemporalStore(ownConfig), dir };
      await bringUp(ownConfig);
    },
    { timeout: 300_000 },
  );

  after(async () => {
    if (!own) return;
    await own.store.close();
    await stackDown(own.config, () => undefined, ['temporal']);
    await rm(own.dir, { recursive: true, force: true });
  });

  return {
    get config() {
      return current().config;
    },
    get store() {
      return current().store;
    },
    async stop() {
      const stopped = await stackDown(current().config, () => undefined, ['temporal']);
      if (stopped.length !== 1) throw new Error("the test's own Temporal was not running");
    },
    start: () => bringUp(current().config),
  };
}
