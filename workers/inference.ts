/**
 * The `inference` worker process: serves the eco-point models on the `inference` task queue
 * (`INFERENCE_TASK_QUEUE`). It loads the registry's active detector version at start into a DetectorSlot shared
 * by every activity (registering the committed model as the first version when the registry is empty; a model
 * that fails to load stops the process at start, not on a member's photo), then follows the registry: a
 * promoted or rolled-back version is swapped in within `MODEL_POLL_S` without a restart, requests in flight
 * finishing on the old one. OCR runs the Tesseract CLI. Stops cleanly on SIGINT / SIGTERM (the SDK drains
 * in-flight activities), then releases the model.
 *
 *   npx tsx workers/inference.ts
 */
import { createInferenceActivities } from '../activities/images/inference-activities';
import { followActiveModel, openActiveDetector } from '../activities/models/follow-active-model';
import { createMongoStore } from '../infra/mongo';
import { runActivityWorker } from './activity-worker';

runActivityWorker('inference', async (config) => {
  const mongo = createMongoStore(config);
  const log = (line: string): void => console.log(`inference worker: ${line}`);
  // Two threads per run: two runs at once use the two cores without oversubscribing them.
  const models = { db: mongo.db, cacheDir: config.models.cacheDir, intraOpThreads: 2, log };
  const { slot, version } = await openActiveDetector(models);
  const follower = followActiveModel({ ...models, slot, version, pollMs: config.models.pollMs });
  return {
    taskQueue: config.inferenceTaskQueue,
    activities: createInferenceActivities({ db: mongo.db, slot }),
    // CPU-bound: a couple at a time keeps each run fast; more processes scale out.
    options: { maxConcurrentActivityTaskExecutions: 2 },
    describe: `model ${slot.model.metadata.version}, following the registry every ${config.models.pollMs / 1000}s`,
    close: async () => {
      await follower.stop();
      await mongo.close();
      await slot.close();
    },
  };
});
