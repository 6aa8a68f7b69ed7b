/**
 * The always-on streaming jobs: started once, idempotently, by `npm start` (and by anyone who calls it).
 */
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import type { RunLogAggregatorInput } from '../activities/logs/run-log-aggregator';
import { TASK_QUEUES } from '../domain/scheduling';
import type { logStreamSupervisor } from '../workflows/log-stream';

/** Workflow id of the real-time aggregator's supervisor. */
export const LOG_STREAM_WORKFLOW_ID = 'stream:logs-aggregator';

/**
 * Starts the aggregator's supervisor workflow unless it already runs.
 * @returns true when it started it now
 */
export async function ensureLogStream(client: Client, input: RunLogAggregatorInput = {}, workflowId: string = LOG_STREAM_WORKFLOW_ID): Promise<boolean> {
  try {
    await client.workflow.start<typeof logStreamSupervisor>('logStreamSupervisor', {
      workflowId,
      taskQueue: TASK_QUEUES.dags,
      args: [input],
      workflowIdConflictPolicy: 'FAIL',
    });
    return true;
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) return false;
    throw err;
  }
}
