/**
 * The `training` worker process: polls the `training` task queue for the CPU-heavy tasks of `detector_retrain`
 * (export the training set, train with ml/detector/train.py, measure candidate and active model). Apart from
 * the `dags` and `inference` workers so an hour of training never slows a DAG task or a member's verdict, and
 * one task at a time: training takes every core it gets. A killed training worker's task is retried (by this
 * worker restarted or another) and resumes from the last finished epoch. Stops cleanly on SIGINT / SIGTERM.
 *
 *   npx tsx workers/training.ts
 */
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { createRetrainActivities } from '../activities/models/retrain-activities';
import { loadConfig } from '../infra/config';
import { TASK_QUEUES } from '../infra/contracts';
import { closeStores, createStores } from '../infra/stores';
import { codedErrorsInterceptor } from './coded-errors';

async function main(): Promise<void> {
  const config = loadConfig();
  Runtime.install({ logger: new DefaultLogger(config.logLevel === 'debug' || config.logLevel === 'trace' ? 'DEBUG' : 'WARN'), shutdownSignals: ['SIGINT', 'SIGTERM'] });
  const stores = createStores(config);
  const connection = await NativeConnection.connect({ address: config.temporal.address });
  try {
    const worker = await Worker.create({
      connection,
      namespace: config.temporal.namespace,
      taskQueue: TASK_QUEUES.training,
      activities: createRetrainActivities(stores, config),
      interceptors: { activity: [codedErrorsInterceptor] },
      maxConcurrentActivityTaskExecutions: 1,
      // Heartbeats (epoch, loss) reach Temporal within 10 s, so the UI shows live progress.
      maxHeartbeatThrottleInterval: '10 seconds',
    });
    console.log(`training worker polling task queue "${TASK_QUEUES.training}" on ${config.temporal.address} (namespace ${config.temporal.namespace}), models in ${config.models.cacheDir}`);
    await worker.run();
    console.log('training worker stopped');
  } finally {
    await connection.close();
    await closeStores(stores);
  }
}

main().catch((err: unknown) => {
  console.error('training worker failed:', err);
  process.exit(1);
});
