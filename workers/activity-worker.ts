/**
 * What every worker process of this project does around its own activities: install the Temporal runtime
 * (SDK logs at WARN unless LOG_LEVEL is debug/trace; SIGINT / SIGTERM drain in-flight activities), connect, poll
 * one task queue with the coded-errors interceptor, and close what it opened on the way out — so each
 * `workers/<queue>.ts` says only what it serves and how.
 */
import { DefaultLogger, NativeConnection, Runtime, Worker, type WorkerOptions } from '@temporalio/worker';
import { loadConfig, type Config } from '../infra/config';
import { codedErrorsInterceptor } from './coded-errors';

/** Installs the Temporal runtime for a worker process (call once, before connecting). */
export function installWorkerRuntime(config: Config): void {
  Runtime.install({ logger: new DefaultLogger(config.logLevel === 'debug' || config.logLevel === 'trace' ? 'DEBUG' : 'WARN'), shutdownSignals: ['SIGINT', 'SIGTERM'] });
}

/** What a worker process serves, once its resources are open. */
export interface ServedQueue {
  readonly taskQueue: string;
  readonly activities: object;
  /** Worker options beyond connection, namespace, queue, activities and interceptors (concurrency, heartbeats). */
  readonly options?: Partial<WorkerOptions>;
  /** Appended to the "polling" line (what this worker holds: a model version, a browser, a folder). */
  readonly describe?: string;
  /** Releases what the process opened (after the worker stopped). */
  close(): Promise<void>;
}

/**
 * Runs a worker process named `name`: `open(config)` opens its resources and says what it serves; the process
 * exits 1 with the error when anything fails.
 */
export function runActivityWorker(name: string, open: (config: Config) => Promise<ServedQueue>): void {
  const main = async (): Promise<void> => {
    const config = loadConfig();
    installWorkerRuntime(config);
    const served = await open(config);
    try {
      const connection = await NativeConnection.connect({ address: config.temporal.address });
      try {
        const worker = await Worker.create({
          ...served.options,
          connection,
          namespace: config.temporal.namespace,
          taskQueue: served.taskQueue,
          activities: served.activities,
          interceptors: { activity: [codedErrorsInterceptor] },
        });
        console.log(`${name} worker polling task queue "${served.taskQueue}" on ${config.temporal.address} (namespace ${config.temporal.namespace})${served.describe ? `, ${served.describe}` : ''}`);
        await worker.run();
        console.log(`${name} worker stopped`);
      } finally {
        await connection.close();
      }
    } finally {
      await served.close();
    }
  };
  main().catch((err: unknown) => {
    console.error(`${name} worker failed:`, err);
    process.exit(1);
  });
}
