/**
 * Which intervals of a DAG are still failed: a run's workflow id is its interval, and a cleared run is a new
 * execution of the same id, so an interval is failed when its **latest** execution is. One reading for the
 * CLI (`ciao dags runs --failed`, `dags list`), the admin DAG list, `/metrics` and the reconciler.
 */
import type { Client } from '@temporalio/client';
import { listRuns, type RunSummary } from './runs';

/** Temporal statuses of a run that ended without succeeding. */
export const FAILED_RUN_STATUSES: ReadonlySet<string> = new Set(['FAILED', 'TIMED_OUT', 'TERMINATED']);

/** One interval: its latest execution, and how many executions it had (1 + reruns by clear). */
export interface IntervalRuns {
  readonly latest: RunSummary;
  readonly executions: number;
}

/** Groups executions (any order) by interval, newest interval first. */
export function latestPerInterval(rows: readonly RunSummary[]): IntervalRuns[] {
  const byId = new Map<string, { latest: RunSummary; executions: number }>();
  for (const row of rows) {
    const seen = byId.get(row.workflowId);
    if (!seen) byId.set(row.workflowId, { latest: row, executions: 1 });
    else {
      seen.executions += 1;
      if (row.startTime > seen.latest.startTime) seen.latest = row;
    }
  }
  return [...byId.values()].sort((a, b) => Date.parse(b.latest.logicalDate) - Date.parse(a.latest.logicalDate));
}

/** Whether an interval's latest execution failed (not running, not succeeded, not cancelled by a person). */
export function isStillFailed(interval: IntervalRuns): boolean {
  return FAILED_RUN_STATUSES.has(interval.latest.status);
}

/**
 * The intervals of `dagId` among its `lookback` most recently started executions whose latest execution
 * failed, newest first.
 * @param lookback executions read from Temporal's visibility store (default 100)
 */
export async function failedIntervals(client: Client, dagId: string, lookback = 100): Promise<IntervalRuns[]> {
  return latestPerInterval(await listRuns(client, dagId, lookback)).filter(isStillFailed);
}
