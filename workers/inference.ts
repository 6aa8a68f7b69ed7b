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
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { createInferenceActivities } from '../activities/images/inference-activities';
import { followActiveModel, openActiveDetector } from '../activities/models/follow-active-model';
import { loadConfig } from '../infra/config';
import { createMongoStore } from '../infra/mongo';
import { codedErrorsInterceptor } from './coded-errors';

async function main(): Promise<void> {
  const config = loadConfig();
  Runtime.install({ logger: new DefaultLogger(config.logLevel === 'debug' || config.logLevel === 'trace' ? 'DEBUG' : 'WARN'), shutdownSignals: ['SIGINT', 'SIGTERM'] });
  const mongo = createMongoStore(config);
  const log = (line: string): void => console.log(`inference worker: ${line}`);
  // Two threads per run: two runs at once use the two cores without oversubscribing them.
  const models = { db: mongo.db, cacheDir: config.models.cacheDir, intraOpThreads: 2, log };
  const { slot, version } = await openActiveDetector(models);
  const follower = followActiveModel({ ...models, slot, version, pollMs: config.models.pollMs });
  const connection = await NativeConnection.connect({ address: config.temporal.address });
  try {
    const worker = await Worker.create({
      connection,
      namespace: config.temporal.namespace,
      taskQueue: config.inferenceTaskQueue,
      activities: createInferenceActivities({ db: mongo.db, slot }),
      interceptors: { activity: [codedErrorsInterceptor] },
      // CPU-bound: a couple at a time keeps each run fast; more processes scale out.
      maxConcurrentActivityTaskExecutions: 2,
    });
    console.log(`inference worker (model ${slot.model.metadata.version}, following the registry every ${config.models.pollMs / 1000}s) polling "${config.inferenceTaskQueue}" on ${config.temporal.address} (namespace ${config.temporal.namespace})`);
    await worker.run();
    console.log('inference worker stopped');
  } finally {
    await follower.stop();
    await connection.close();
    await mongo.close();
    await slot.close();
  }
}

main().catch((err: unknown) => {
  console.error('inference worker failed:', err);
  process.exit(1);
});
