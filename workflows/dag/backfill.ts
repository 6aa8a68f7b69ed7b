/**
 * `backfillDag`: a backfill as one object, as Airflow 3 shows it — a workflow with an id, a range and
 * progress, that starts one `runDag` child per interval (at most `maxActive` at once, oldest or newest first),
 * skips intervals that already have a run, and can be cancelled: cancelling stops it from starting more runs;
 * the runs already started finish on their own.
 */
import {
  ParentClosePolicy,
  WorkflowIdReusePolicy,
  condition,
  defineQuery,
  isCancellation,
  setHandler,
  startChild,
  CancellationScope,
} from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { DAG_ID_KEY, LOGICAL_DATE_KEY, dagRunWorkflowId } from './ids';
import { runDag } from './run-dag';
import type { DagSpec } from './spec';
import type { DataInterval } from './task-context';

/** One interval to backfill. */
export interface BackfillInterval {
  readonly logicalDate: string;
  readonly dataInterval: DataInterval;
}

/** Input of {@link backfillDag}: everything decided outside the workflow (intervals need a cron library). */
export interface BackfillInput {
  readonly dag: DagSpec;
  /** The ended intervals to run, in the order to start them. */
  readonly intervals: readonly BackfillInterval[];
  readonly params: Readonly<Record<string, unknown>>;
  /** Most runs at once (≥ 1). */
  readonly maxActive: number;
  /** The range asked for, as typed (for display). */
  readonly from: string;
  readonly to: string;
  /** Intervals in the range that had not ended yet when the backfill was made: not run. */
  readonly notEnded: number;
  readonly order: 'oldest_first' | 'newest_first';
}

/** What happened to one interval of a backfill. */
export type BackfillItemState = 'pending' | 'running' | 'success' | 'failed' | 'skipped' | 'not_started';

/** Progress of a backfill, answered by the `backfill` query and returned at the end. */
export interface BackfillState {
  readonly dagId: string;
  readonly from: string;
  readonly to: string;
  readonly order: BackfillInput['order'];
  readonly status: 'running' | 'completed' | 'cancelled';
  readonly total: number;
  readonly notEnded: number;
  /** Per state, how many intervals are in it. */
  readonly counts: Readonly<Record<BackfillItemState, number>>;
  /** Each interval's logical date and state, in start order. */
  readonly items: readonly { readonly logicalDate: string; readonly state: BackfillItemState }[];
}

/** The backfill's progress. */
export const backfillQuery = defineQuery<BackfillState>('backfill');

/** Runs the backfill to its end (or until cancelled). @returns the final progress */
export async function backfillDag(input: BackfillInput): Promise<BackfillState> {
  const items: { logicalDate: string; state: BackfillItemState }[] = input.intervals.map((i) => ({ logicalDate: i.logicalDate, state: 'pending' }));
  let status: BackfillState['status'] = 'running';
  let cancelled = false;
  const snapshot = (): BackfillState => {
    const counts: Record<BackfillItemState, number> = { pending: 0, running: 0, success: 0, failed: 0, skipped: 0, not_started: 0 };
    for (const i of items) counts[i.state]++;
    return { dagId: input.dag.id, from: input.from, to: input.to, order: input.order, status, total: items.length, notEnded: input.notEnded, counts, items: items.map((i) => ({ ...i })) };
  };
  setHandler(backfillQuery, snapshot);

  let active = 0;
  const runOne = async (index: number): Promise<void> => {
    const interval = input.intervals[index] as BackfillInterval;
    const item = items[index] as { logicalDate: string; state: BackfillItemState };
    item.state = 'running';
    try {
      // Children outlive a cancelled backfill: cancelling stops new runs, not the ones already running.
      const child = await CancellationScope.nonCancellable(() =>
        startChild(runDag, {
          workflowId: dagRunWorkflowId(input.dag.id, interval.logicalDate),
          args: [{ dag: input.dag, logicalDate: interval.logicalDate, dataInterval: interval.dataInterval, params: input.params }],
          workflowExecutionTimeout: input.dag.runTimeout,
          parentClosePolicy: ParentClosePolicy.ABANDON,
          workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
          typedSearchAttributes: [
            { key: DAG_ID_KEY, value: input.dag.id },
            { key: LOGICAL_DATE_KEY, value: interval.logicalDate },
          ],
        }),
      );
      await CancellationScope.nonCancellable(() => child.result());
      item.state = 'success';
    } catch (err) {
      if (err instanceof WorkflowExecutionAlreadyStartedError) item.state = 'skipped';
      else item.state = 'failed';
    }
  };

  const running: Promise<void>[] = [];
  try {
    for (let index = 0; index < items.length; index++) {
      await condition(() => active < input.maxActive);
      active++;
      running.push(runOne(index).finally(() => active--));
    }
  } catch (err) {
    if (!isCancellation(err)) throw err;
    cancelled = true;
    for (const i of items) if (i.state === 'pending') i.state = 'not_started';
  }
  // Wait for what was started, even after a cancel, so the final state is complete.
  await CancellationScope.nonCancellable(() => Promise.all(running));
  status = cancelled ? 'cancelled' : 'completed';
  return snapshot();
}
