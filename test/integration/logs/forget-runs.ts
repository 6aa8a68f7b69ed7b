/**
 * Test support: removes earlier runs of fixed logical dates from Temporal, so a test that must use fixed
 * dates (a month end, a year end) can run again — a backfill skips intervals that already have a run.
 */
import type { Client } from '@temporalio/client';
import { dagRunWorkflowId } from '../../../workflows/dag/ids';

/** Deletes the runs of `dagId` at `logicalDates` (any state) and waits until Temporal no longer knows them. */
export async function forgetRuns(client: Client, namespace: string, dagId: string, logicalDates: readonly string[]): Promise<void> {
  const ids = logicalDates.map((d) => dagRunWorkflowId(dagId, d));
  const exists = async (workflowId: string): Promise<boolean> =>
    client.workflow
      .getHandle(workflowId)
      .describe()
      .then(() => true)
      .catch(() => false);
  for (const workflowId of ids) {
    if (await exists(workflowId)) await client.workflowService.deleteWorkflowExecution({ namespace, workflowExecution: { workflowId } }).catch(() => undefined);
  }
  const deadline = Date.now() + 60_000;
  for (const workflowId of ids) {
    while (await exists(workflowId)) {
      if (Date.now() > deadline) throw new Error(`Temporal still knows ${workflowId}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}
