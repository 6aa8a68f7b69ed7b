/**
 * Integration-test support: a Kafka broker of the test file's own, for tests that stop and restart Kafka.
 *
 * The broker is the stack's Kafka (same jars, same `run.sh`) started from a temporary stack folder on free
 * ports, so a test can take it down without touching the shared stack — whoever started that, the test
 * runs the same way: on a fresh CI clone (where `npm test` has just installed the stack) and on a developer
 * machine whose stack was started elsewhere. The jars come from the project's stack folder, installed there
 * first when missing (`infra/stack/services/kafka/install.sh`, a no-op when they are).
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { after, before } from 'node:test';
import { PROJECT_ROOT, type Config } from '../../infra/config';
import { createKafkaStore, type KafkaStore } from '../../infra/kafka';
import { stackDown, stackUp } from '../../infra/stack/stack';

const run = promisify(execFile);

/** A running broker of the test's own; `config` and `store` point at it. */
export interface OwnKafka {
  /** The test's configuration with `kafka.brokers` and `stackDir` moved to the own broker. */
  readonly config: Config;
  /** A client of the own broker (admin, kafkajs consumers, the writer's settings). */
  readonly store: KafkaStore;
  /** Stops the broker (SIGTERM, waiting for it to exit). */
  stop(): Promise<void>;
  /** Starts it again on the same port and data; resolves when it answers. */
  start(): Promise<void>;
}

/** True when nothing listens on `port` of 127.0.0.1. */
function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** A port whose successor (the controller's) is free too. */
async function freePortPair(): Promise<number> {
  for (let tries = 0; tries < 50; tries++) {
    const port = 20_000 + Math.floor(Math.random() * 20_000) * 2;
    if ((await portFree(port)) && (await portFree(port + 1))) return port;
  }
  throw new Error('no free port pair for the test Kafka');
}

/** Runs `up`, turning its failure into an error that carries the progress lines (they name the log tail). */
async function bringUp(config: Config): Promise<void> {
  const lines: string[] = [];
  try {
    await stackUp(config, (line) => lines.push(line), { only: ['kafka'], skipSystemPackages: true });
  } catch (err) {
    throw new Error(`the test's own Kafka did not start: ${(err as Error).message}\n${lines.join('\n')}`);
  }
}

/**
 * Starts a Kafka of the file's own before its tests (installing the jars into `config.stackDir` when
 * missing) and removes it, data and all, after them. Call at the top of the test file.
 */
export function useOwnKafka(config: Config): OwnKafka {
  let own: { config: Config; store: KafkaStore; dir: string } | undefined;
  const current = (): NonNullable<typeof own> => {
    if (!own) throw new Error('useOwnKafka: the broker is only there inside the tests');
    return own;
  };

  before(
    async () => {
      const install = path.join(PROJECT_ROOT, 'infra', 'stack', 'services', 'kafka', 'install.sh');
      await run('bash', [install], { env: { ...process.env, CIAO_STACK_DIR: config.stackDir }, maxBuffer: 16 * 1024 * 1024 });
      const dir = await mkdtemp(path.join(tmpdir(), 'ciao-own-kafka-'));
      await mkdir(path.join(dir, 'opt'));
      await symlink(path.join(config.stackDir, 'opt', 'kafka'), path.join(dir, 'opt', 'kafka'));
      const port = await freePortPair();
      const ownConfig: Config = { ...config, stackDir: dir, kafka: { ...config.kafka, brokers: [`127.0.0.1:${port}`] } };
      own = { config: ownConfig, store: createKafkaStore(ownConfig), dir };
      await bringUp(ownConfig);
    },
    { timeout: 600_000 },
  );

  after(async () => {
    if (!own) return;
    await own.store.close();
    await stackDown(own.config, () => undefined, ['kafka']);
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
      const stopped = await stackDown(current().config, () => undefined, ['kafka']);
      if (stopped.length !== 1) throw new Error("the test's own Kafka was not running");
    },
    start: () => bringUp(current().config),
  };
}
