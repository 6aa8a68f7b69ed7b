/**
 * The `dags` worker process: polls the `dags` task queue for the DAG workflows and their activities.
 * Stops cleanly on SIGINT / SIGTERM (the SDK drains in-flight activities).
 */
import { NativeConnection, Worker } from '@temporalio/worker';
import { installWorkerRuntime } from './activity-worker';
import { createActivities } from '../activities';
import { validateRegistry } from '../control/registry';
import { loadConfig } from '../infra/config';
import { TASK_QUEUES } from '../domain/scheduling';
import { closeStores, createStores } from '../infra/stores';
import { codedErrorsInterceptor } from './coded-errors';

async function main(): Promise<void> {
  const config = loadConfig();
  // A broken DAG must stop the worker at start, not a run at 2 a.m.
  validateRegistry();
  installWorkerRuntime(config);
  const stores = createStores(config);
  const connection = await NativeConnection.connect({ address: config.temporal.address });
  try {
    const activities = createActivities({ stores, config });
    const dags = await Worker.create({
      connection,
      namespace: config.temporal.namespace,
      taskQueue: TASK_QUEUES.dags,
      workflowsPath: require.resolve('../workflows'),
      activities,
      interceptors: { activity: [codedErrorsInterceptor] },
      // Two cores here: a few concurrent activities keep the machine responsive; clusters raise it by config later.
      maxConcurrentActivityTaskExecutions: 8,
    });
    // One long-running aggregator per worker process: more processes share the Kafka partitions.
    const streaming = await Worker.create({
      connection,
      namespace: config.temporal.namespace,
      taskQueue: config.streamingTaskQueue,
      activities,
      interceptors: { activity: [codedErrorsInterceptor] },
      maxConcurrentActivityTaskExecutions: 1,
      // Heartbeats reach Temporal every 5 s (not every 0.8 × the 60 s heartbeat timeout): after a Temporal
      // outage the next one lands within seconds, before the server's heartbeat timer runs out.
      maxHeartbeatThrottleInterval: '5 seconds',
    });
    // Eco-point uploads: the workflow and its checks; the models run in the inference worker (workers/inference.ts).
    const ecopoint = await Worker.create({
      connection,
      namespace: config.temporal.namespace,
      taskQueue: config.ecopointTaskQueue,
      workflowsPath: require.resolve('../workflows'),
      activities,
      interceptors: { activity: [codedErrorsInterceptor] },
      maxConcurrentActivityTaskExecutions: 8,
    });
    console.log(`worker polling task queues "${TASK_QUEUES.dags}", "${config.streamingTaskQueue}" and "${config.ecopointTaskQueue}" on ${config.temporal.address} (namespace ${config.temporal.namespace})`);
    await Promise.all([dags.run(), streaming.run(), ecopoint.run()]);
    console.log('worker stopped');
  } finally {
    await connection.close();
    await closeStores(stores);
  }
}

main().catch((err: unknown) => {
  console.error('worker failed:', err);
  process.exit(1);
});
