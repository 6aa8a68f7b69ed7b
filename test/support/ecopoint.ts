/**
 * Integration-test support for the eco-point pipeline: workers on task queues of the test file's own (the
 * upload workflow and checks in-process, the models in-process or as the real `workers/inference.ts` process),
 * upload targets pointing at them, and clean-up of everything a test member left behind.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { after, before } from 'node:test';
import { NativeConnection, Worker } from '@temporalio/worker';
import { ObjectId } from 'mongodb';
import { DetectorSlot } from '../../activities/images/detector/model-slot';
import { createInferenceActivities } from '../../activities/images/inference-activities';
import { DUPLICATE_INDEX_PREFIX } from '../../activities/ecopoints/duplicate-index';
import { uploadRecords } from '../../activities/ecopoints/upload-records';
import type { UploadEventContext } from '../../activities/ecopoints/ecopoint-event';
import type { UploadTargets } from '../../control/ecopoint-upload';
import { PROJECT_ROOT, type Config } from '../../infra/config';
import { COLLECTIONS, GRIDFS_BUCKETS } from '../../infra/contracts';
import { deleteGridFile } from '../../infra/gridfs-files';
import type { Stores } from '../../infra/stores';
import { codedErrorsInterceptor } from '../../workers/coded-errors';
import { uniqueSuffix } from './stores';
import { useWorker } from './worker';

/** Task queues of one test file. */
export interface EcopointQueues {
  readonly taskQueue: string;
  readonly inferenceTaskQueue: string;
}

/** Fresh task queue names, so only this file's workers serve its uploads. */
export function testQueues(): EcopointQueues {
  const s = uniqueSuffix();
  return { taskQueue: `test-ecopoint-${s}`, inferenceTaskQueue: `test-inference-${s}` };
}

/**
 * Starts, for the file, the upload workflow's worker and (unless `inference: false`) an in-process inference
 * worker with the committed model; forgets the test database's duplicate index first (only these tests use it).
 */
export function useEcopointWorkers(config: Config, stores: Stores, options: { inference?: boolean } = {}): EcopointQueues & { targets: () => Promise<UploadTargets> } {
  const queues = testQueues();
  useWorker(config, stores, queues.taskQueue);
  before(() => forgetDuplicateIndex(stores));
  if (options.inference ?? true) useInferenceWorker(config, stores, queues.inferenceTaskQueue);
  return { ...queues, targets: async () => ({ db: stores.mongo.db, temporal: await stores.temporal.client(), redis: stores.redis.redis, ...queues }) };
}

/** An in-process inference worker on `queue` for the file's tests. */
export function useInferenceWorker(config: Config, stores: Stores, queue: string): void {
  let connection: NativeConnection | undefined;
  let worker: Worker | undefined;
  let running: Promise<void> | undefined;
  let slot: DetectorSlot | undefined;
  before(async () => {
    slot = await DetectorSlot.open({ intraOpThreads: 1 });
    connection = await NativeConnection.connect({ address: config.temporal.address });
    worker = await Worker.create({
      connection,
      namespace: config.temporal.namespace,
      taskQueue: queue,
      activities: createInferenceActivities({ db: stores.mongo.db, slot }),
      interceptors: { activity: [codedErrorsInterceptor] },
      maxConcurrentActivityTaskExecutions: 2,
    });
    running = worker.run();
  });
  after(async () => {
    worker?.shutdown();
    await running;
    await connection?.close();
    await slot?.close();
  });
}

/** The real inference worker process (workers/inference.ts) on `queue`, in the test environment (plus `env`). */
export function startInferenceProcess(queue: string, env: Readonly<Record<string, string>> = {}): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'workers/inference.ts')], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, INFERENCE_TASK_QUEUE: queue, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

/** Deletes the duplicate index of the test database (keys `ecopoint:dup:*`), so generated images never collide with an earlier run's. */
export async function forgetDuplicateIndex(stores: Stores): Promise<void> {
  const redis = stores.redis.redis;
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${DUPLICATE_INDEX_PREFIX}*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) await redis.del(...keys);
  } while (cursor !== '0');
}

/** The event context of a test member. */
export function testEventContext(userId: string, page = '/ecopoint/1'): UploadEventContext {
  return { sessionId: `test-session-${uniqueSuffix()}`, page, user: { userId, gender: 'W', ageBand: 20, region: 'seoul' } };
}

/** Removes the uploads, images, training samples, points and quota keys of `userIds`. */
export async function removeTestUploads(stores: Stores, userIds: readonly string[]): Promise<void> {
  if (userIds.length === 0) return;
  const db = stores.mongo.db;
  const records = await uploadRecords(db).find({ userId: { $in: [...userIds] } }).toArray();
  for (const r of records) {
    for (const bucket of ['uploads', 'previews', 'detections'] as const) await deleteGridFile(db, GRIDFS_BUCKETS[bucket], new ObjectId(r._id)).catch(() => undefined);
  }
  await uploadRecords(db).deleteMany({ userId: { $in: [...userIds] } });
  await db.collection(COLLECTIONS.trainingSamples).deleteMany({ userId: { $in: [...userIds] } });
  await db.collection(COLLECTIONS.ecopoints).deleteMany({ userId: { $in: [...userIds] } });
  const redis = stores.redis.redis;
  for (const id of userIds) {
    const keys = await redis.keys(`ecopoint:quota:*:${id}:*`);
    if (keys.length > 0) await redis.del(...keys);
  }
}
