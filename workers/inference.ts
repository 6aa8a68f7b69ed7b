/**
 * The `inference` worker process: serves the eco-point models on the `inference` task queue
 * (`INFERENCE_TASK_QUEUE`). It loads the detector ONCE at start into a DetectorSlot shared by every activity
 * (a model that fails to load stops the process at start, not on a member's photo); OCR runs the Tesseract CLI.
 * Stops cleanly on SIGINT / SIGTERM (the SDK drains in-flight activities), then releases the model.
 *
 *   npx tsx workers/inference.ts
 */
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { DetectorSlot } from '../activities/images/detector/model-slot';
import { createInferenceActivities } from '../activities/images/inference-activities';
import { loadConfig } from '../infra/config';
import { createMongoStore } from '../infra/mongo';
import { codedErrorsInterceptor } from './coded-errors';

async function main(): Promise<void> {
  const config = loadConfig();
  Runtime.install({ logger: new DefaultLogger(config.logLevel === 'debug' || config.logLevel === 'trace' ? 'DEBUG' : 'WARN'), shutdownSignals: ['SIGINT', 'SIGTERM'] });
  // Two threads per run: two runs at once use the two cores without oversubscribing them.
  const slot = await DetectorSlot.open({ intraOpThreads: 2 });
  const mongo = createMongoStore(config);
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
    console.log(`inference worker (model ${slot.model.metadata.version}) polling "${config.inferenceTaskQueue}" on ${config.temporal.address} (namespace ${config.temporal.namespace})`);
    await worker.run();
    console.log('inference worker stopped');
  } finally {
    await connection.close();
    await mongo.close();
    await slot.close();
  }
}

main().catch((err: unknown) => {
  console.error('inference worker failed:', err);
  process.exit(1);
});
