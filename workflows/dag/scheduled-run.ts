/**
 * `scheduledDagRun`: what a DAG's Temporal Schedule starts. It works out the run's logical date and data
 * interval from the scheduled time and runs `runDag` as a child with the id `dag:<dagId>:<logicalDate>`.
 * Waiting for the child keeps the Schedule's overlap policy meaningful.
 */
import { ApplicationFailure, ParentClosePolicy, WorkflowIdReusePolicy, executeChild, log, proxyLocalActivities, sleep, workflowInfo } from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError, defineSearchAttributeKey } from '@temporalio/common';
import type { Activities } from '../../activities';
import { DAGS } from '../dags';
import { DAG_ID_KEY, LOGICAL_DATE_KEY, dagRunWorkflowId } from './ids';
import { runDag } from './run-dag';
import type { RunResult } from './run-state';

/** Arguments the Schedule passes (see schedules/sync.ts). */
export interface ScheduledDagRunArgs {
  readonly dagId: string;
  readonly cron: string;
  readonly timezone: string;
}

const SCHEDULED_START = defineSearchAttributeKey('TemporalScheduledStartTime', 'DATETIME');
const { resolveScheduledInterval } = proxyLocalActivities<Activities>({ startToCloseTimeout: '10 seconds' });

/**
 * Starts and awaits the run of the interval that ended when the Schedule fired.
 * @returns the run's result, or undefined when a run of that interval already existed (manual or backfill)
 */
export async function scheduledDagRun(args: ScheduledDagRunArgs): Promise<RunResult | undefined> {
  const dag = DAGS.find((d) => d.id === args.dagId);
  if (!dag) throw ApplicationFailure.nonRetryable(`no DAG "${args.dagId}" in this worker's registry`, 'DagNotFound');
  const info = workflowInfo();
  const scheduled = info.typedSearchAttributes.get(SCHEDULED_START) ?? info.startTime;
  const { logicalDate, dataInterval, notBefore } = await resolveScheduledInterval({ cron: args.cron, timezone: args.timezone, scheduledTime: scheduled.toISOString() });
  // Only around a DST change can the Schedule fire before the interval's end (see resolveScheduledInterval).
  const early = new Date(notBefore).getTime() - Date.now();
  if (early > 0) await sleep(early);
  const workflowId = dagRunWorkflowId(dag.id, logicalDate);
  try {
    return await executeChild(runDag, {
      workflowId,
      args: [{ dag, logicalDate, dataInterval, params: { ...dag.defaultParams } }],
      taskQueue: info.taskQueue,
      workflowExecutionTimeout: dag.runTimeout,
      parentClosePolicy: ParentClosePolicy.ABANDON,
      // A manual or backfilled run of the same interval already exists: don't run it twice.
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      typedSearchAttributes: [
        { key: DAG_ID_KEY, value: dag.id },
        { key: LOGICAL_DATE_KEY, value: logicalDate },
      ],
    });
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) {
      log.info('a run of this interval already exists; nothing to do', { workflowId });
      return undefined;
    }
    throw err;
  }
}
