/**
 * Integration-test support: a real worker (the project's workflows and activities) polling the real
 * Temporal dev server for the duration of a test file.
 */
import { after, before } from 'node:test';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { createActivities } from '../../activities';
import { TASK_QUEUES } from '../../infra/contracts';
import { codedErrorsInterceptor } from '../../workers/coded-errors';
import type { Config } from '../../infra/config';
import type { Stores } from '../../infra/stores';

let runtimeInstalled = false;

/**
 * Starts a worker on `taskQueue` (default `dags`) before the file's tests and stops it after them.
 * @param stores the activities' stores, or a function giving them when the worker starts (for stores that
 *   depend on something an earlier `before` hook sets up, such as a proxy's port)
 */
export function useWorker(config: Config, stores: Stores | (() => Stores), taskQueue: string = TASK_QUEUES.dags): void {
  let connection: NativeConnection | undefined;
  let worker: Worker | undefined;
  let running: Promise<void> | undefined;
  before(async () => {
    if (!runtimeInstalled) {
      Runtime.install({ logger: new DefaultLogger('ERROR') });
      runtimeInstalled = true;
    }
    connection = await NativeConnection.connect({ address: config.temporal.address });
    worker = await Worker.create({
      connection,
      namespace: config.temporal.namespace,
      taskQueue,
      workflowsPath: require.resolve('../../workflows'),
      activities: createActivities({ stores: typeof stores === 'function' ? stores() : stores }),
      interceptors: { activity: [codedErrorsInterceptor] },
    });
    running = worker.run();
  });
  after(async () => {
    worker?.shutdown();
    await running;
    await connection?.close();
  });
}
