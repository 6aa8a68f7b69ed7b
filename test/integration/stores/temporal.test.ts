import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createActivities } from '../../../activities';
import type { healthCheck } from '../../../workflows/health-check';
import { useStores, uniqueSuffix } from '../../support/stores';

const { config, stores } = useStores();

describe('temporal (real dev server)', () => {
  it('runs a workflow that calls an activity on a real worker', async () => {
    const taskQueue = `test-${uniqueSuffix()}`;
    const connection = await NativeConnection.connect({ address: config.temporal.address });
    try {
      const worker = await Worker.create({ connection, namespace: config.temporal.namespace, taskQueue, workflowsPath: require.resolve('../../../workflows'), activities: createActivities({ stores }) });
      const client = await stores.temporal.client();
      const nonce = uniqueSuffix();
      const result = await worker.runUntil(
        client.workflow.execute<typeof healthCheck>('healthCheck', { taskQueue, workflowId: `test-health-${nonce}`, args: [nonce] }),
      );
      assert.equal(result.nonce, nonce);
      assert.match(result.worker, /:\d+$/);
      const history = await client.workflow.getHandle(`test-health-${nonce}`).fetchHistory();
      assert.ok(history.events?.some((e) => e.activityTaskCompletedEventAttributes), 'the activity completed in the history');
    } finally {
      await connection.close();
    }
  });
});
