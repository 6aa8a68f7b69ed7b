/**
 * The `training` worker process: polls the `training` task queue for the CPU-heavy tasks of `detector_retrain`
 * (export the training set, train with ml/detector/train.py, measure candidate and active model). Apart from
 * the `dags` and `inference` workers so an hour of training never slows a DAG task or a member's verdict, and
 * one task at a time: training takes every core it gets. A killed training worker's task is retried (by this
 * worker restarted or another) and resumes from the last finished epoch. Stops cleanly on SIGINT / SIGTERM.
 *
 *   npx tsx workers/training.ts
 */
import { createRetrainActivities } from '../activities/models/retrain-activities';
import { TASK_QUEUES } from '../infra/contracts';
import { closeStores, createStores } from '../infra/stores';
import { runActivityWorker } from './activity-worker';

runActivityWorker('training', (config) => {
  const stores = createStores(config);
  return Promise.resolve({
    taskQueue: TASK_QUEUES.training,
    activities: createRetrainActivities(stores, config),
    // One task at a time: training takes every core it gets. Heartbeats (epoch, loss) reach Temporal within
    // 10 s, so the UI shows live progress.
    options: { maxConcurrentActivityTaskExecutions: 1, maxHeartbeatThrottleInterval: '10 seconds' },
    describe: `models in ${config.models.cacheDir}`,
    close: () => closeStores(stores),
  });
});
