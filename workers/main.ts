/**
 * The `dags` worker process: polls the `dags` task queue for the DAG workflows and their activities.
 * Stops cleanly on SIGINT / SIGTERM (the SDK drains in-flight activities).
 */
import { NativeConnection, Runtime, Worker, DefaultLogger } from '@temporalio/worker';
import { loadConfig } from '../infra/config';
import { TASK_QUEUES } from '../infra/contracts';
import * as activities from '../activities';

async function main(): Promise<void> {
  const config = loadConfig();
  Runtime.install({ logger: new DefaultLogger(config.logLevel === 'debug' || config.logLevel === 'trace' ? 'DEBUG' : 'WARN'), shutdownSignals: ['SIGINT', 'SIGTERM'] });
  const connection = await NativeConnection.connect({ address: config.temporal.address });
  try {
    const worker = await Worker.create({
      connection,
      namespace: config.temporal.namespace,
      taskQueue: TASK_QUEUES.dags,
      workflowsPath: require.resolve('../workflows'),
      activities,
      // Two cores here: a few concurrent activities keep the machine responsive; clusters raise it by config later.
      maxConcurrentActivityTaskExecutions: 8,
    });
    console.log(`worker polling task queue "${TASK_QUEUES.dags}" on ${config.temporal.address} (namespace ${config.temporal.namespace})`);
    await worker.run();
    console.log('worker stopped');
  } finally {
    await connection.close();
  }
}

main().catch((err: unknown) => {
  console.error('worker failed:', err);
  process.exit(1);
});
