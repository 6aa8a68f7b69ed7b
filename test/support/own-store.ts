/**
 * Integration-test support: a Redis or FerretDB of the test file's own, for tests that stop and restart the
 * store (the web tier with a store down), the way `own-kafka.ts` does it for Kafka.
 *
 * The server is the stack's own (`infra/stack/services/<name>/run.sh`: Debian's redis-server, the FerretDB
 * binary built into the stack folder) started from a temporary stack folder on a free port, so a test can stop
 * it without touching the shared stack. Its installer runs first against `config.stackDir` (a no-op when the
 * stack is installed). Redis keeps its append-only file across a stop (sessions survive, as in production);
 * FerretDB its SQLite files.
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

const run = promisify(execFile);

/** The stores a test can have its own of. */
export type OwnStoreName = 'redis' | 'ferretdb';

/** A running server of the test's own. */
export interface OwnStore {
  /** The test's configuration with the store's URL (and `stackDir`) moved to the own server. */
  readonly config: Config;
  /** Stops the server (SIGTERM, waiting for it to exit). */
  stop(): Promise<void>;
  /** Starts it again on the same port and data; resolves when it answers. */
  start(): Promise<void>;
}

/** A free TCP port of 127.0.0.1. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** `config` with the store `name` moved to `port` of 127.0.0.1 and the stack folder to `dir`. */
function movedConfig(config: Config, name: OwnStoreName, port: number, dir: string): Config {
  if (name === 'redis') return { ...config, stackDir: dir, redis: { ...config.redis, url: `redis://127.0.0.1:${port}` } };
  return { ...config, stackDir: dir, mongo: { ...config.mongo, url: `mongodb://127.0.0.1:${port}` } };
}

async function bringUp(config: Config, name: OwnStoreName): Promise<void> {
  const lines: string[] = [];
  try {
    await stackUp(config, (line) => lines.push(line), { only: [name], skipSystemPackages: true });
  } catch (err) {
    throw new Error(`the test's own ${name} did not start: ${(err as Error).message}\n${lines.join('\n')}`);
  }
}

/**
 * Starts a `name` server of the file's own before its tests and removes it, data and all, after them. Call at
 * the top of the test file; create the store clients from `own.config` inside the tests (or a `before` after
 * this call).
 */
export function useOwnStore(config: Config, name: OwnStoreName): OwnStore {
  let own: { config: Config; dir: string } | undefined;
  const current = (): NonNullable<typeof own> => {
    if (!own) throw new Error(`useOwnStore(${name}): the server is only there inside the tests`);
    return own;
  };

  before(
    async () => {
      const install = path.join(PROJECT_ROOT, 'infra', 'stack', 'services', name, 'install.sh');
      await run('bash', [install], { env: { ...process.env, CIAO_STACK_DIR: config.stackDir }, maxBuffer: 16 * 1024 * 1024 });
      const dir = await mkdtemp(path.join(tmpdir(), `ciao-own-${name}-`));
      await mkdir(path.join(dir, 'opt'));
      await symlink(path.join(config.stackDir, 'opt', name), path.join(dir, 'opt', name));
      own = { config: movedConfig(config, name, await freePort(), dir), dir };
      await bringUp(own.config, name);
    },
    { timeout: 600_000 },
  );

  after(async () => {
    if (!own) return;
    await stackDown(own.config, () => undefined, [name]);
    await rm(own.dir, { recursive: true, force: true });
  });

  return {
    get config() {
      return current().config;
    },
    async stop() {
      const stopped = await stackDown(current().config, () => undefined, [name]);
      if (stopped.length !== 1) throw new Error(`the test's own ${name} was not running`);
    },
    start: () => bringUp(current().config, name),
  };
}
