/**
 * A stack service of one's own — the stack's binaries (`opt/<service>` of `sourceStackDir`, installed there
 * first when missing) run from a temporary stack folder on free ports, with data of its own — that a test
 * or the chaos suite may stop and start without touching the shared stack. Plain functions (no test hooks),
 * so scripts use them too; `own-temporal.ts` wraps them for node:test.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { PROJECT_ROOT, type Config } from '../../infra/config';
import { stackDown, stackUp } from '../../infra/stack/stack';
import type { ServiceName } from '../../infra/stack/services';

const run = promisify(execFile);

/** A running service of one's own. */
export interface OwnService {
  /** The configuration with the service's endpoint and `stackDir` moved to it. */
  readonly config: Config;
  /** Stops the server (SIGTERM, waiting for it to exit). */
  stop(): Promise<void>;
  /** Starts it again on the same ports and data; resolves when it answers. */
  start(): Promise<void>;
  /** Stops it and removes its folder, data and all. */
  remove(): Promise<void>;
}

/** A free TCP port of 127.0.0.1 (and, with `pair`, the one after it too). */
export async function freePort(pair = false): Promise<number> {
  const free = (port: number): Promise<boolean> =>
    new Promise((resolve) => {
      const server = createServer();
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
    });
  for (let tries = 0; tries < 50; tries++) {
    const port = 20_000 + Math.floor(Math.random() * 20_000) * 2;
    if ((await free(port)) && (!pair || (await free(port + 1)))) return port;
  }
  throw new Error('no free port');
}

/**
 * Starts `service` of one's own.
 * @param moveTo the configuration pointing at the new ports (given the base config with its new `stackDir`)
 */
export async function startOwnService(base: Config, service: ServiceName, moveTo: (config: Config) => Promise<Config>): Promise<OwnService> {
  const install = path.join(PROJECT_ROOT, 'infra', 'stack', 'services', service, 'install.sh');
  await run('bash', [install], { env: { ...process.env, CIAO_STACK_DIR: base.stackDir }, maxBuffer: 16 * 1024 * 1024 });
  const dir = await mkdtemp(path.join(tmpdir(), `ciao-own-${service}-`));
  await mkdir(path.join(dir, 'opt'));
  await symlink(path.join(base.stackDir, 'opt', service), path.join(dir, 'opt', service));
  const config = await moveTo({ ...base, stackDir: dir });
  const up = async (): Promise<void> => {
    const lines: string[] = [];
    try {
      await stackUp(config, (line) => lines.push(line), { only: [service], skipSystemPackages: true });
    } catch (err) {
      throw new Error(`the own ${service} did not start: ${(err as Error).message}\n${lines.join('\n')}`);
    }
  };
  await up();
  return {
    config,
    async stop() {
      const stopped = await stackDown(config, () => undefined, [service]);
      if (stopped.length !== 1) throw new Error(`the own ${service} was not running`);
    },
    start: up,
    async remove() {
      await stackDown(config, () => undefined, [service]).catch(() => []);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Temporal of one's own: namespace `default` (with the DAG search attributes), gRPC and UI on free ports. */
export function startOwnTemporalServer(base: Config): Promise<OwnService> {
  return startOwnService(base, 'temporal', async (c) => {
    const [port, ui] = [await freePort(), await freePort()];
    return { ...c, temporal: { ...c.temporal, address: `127.0.0.1:${port}`, uiUrl: `http://127.0.0.1:${ui}`, namespace: 'default' } };
  });
}

/** Kafka of one's own (KRaft, the controller on the next port). */
export function startOwnKafkaServer(base: Config): Promise<OwnService> {
  return startOwnService(base, 'kafka', async (c) => ({ ...c, kafka: { ...c.kafka, brokers: [`127.0.0.1:${await freePort(true)}`] } }));
}
