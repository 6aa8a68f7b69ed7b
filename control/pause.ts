/**
 * `ciao dags pause | unpause`: pausing a DAG pauses its Temporal Schedule (runs already started go on).
 * Unpausing does what Airflow does when a DAG is switched on: with catch-up off, the latest complete interval
 * runs at once (not only at the next fire time); with catch-up on, every interval missed since the last run
 * is backfilled as well.
 */
import type { Client } from '@temporalio/client';
import { DagError } from '../domain/errors';
import { scheduleIdOf } from '../schedules/sync';
import { backfillDag, type BackfillProgress } from './backfill';
import { getDag, resolveParams } from './registry';
import { manualRunInterval } from './run-interval';
import { listRuns, startRun, type StartedRun } from './runs';

/** What unpausing started. */
export interface UnpauseOutcome {
  /** The run of the latest complete interval (started, or found already there). */
  readonly latest?: StartedRun & { readonly logicalDate: string };
  /** With catch-up on: the backfill of the intervals missed since the last run, if any. */
  readonly catchup?: BackfillProgress;
}

/** Pauses or unpauses the schedule of `dagId`. @returns what unpausing started */
export async function setDagPaused(client: Client, dagId: string, paused: boolean, options: { note?: string; now?: Date } = {}): Promise<UnpauseOutcome> {
  const dag = getDag(dagId);
  if (!dag.schedule) throw new DagError('DagInvalid', `DAG "${dagId}" has no schedule to pause`, { dagId });
  const handle = client.schedule.getHandle(scheduleIdOf(dagId));
  if (paused) {
    await handle.pause(options.note ?? 'paused with ciao');
    return {};
  }
  await handle.unpause(options.note ?? 'unpaused with ciao');
  const now = options.now ?? new Date();
  const latest = manualRunInterval(dag, undefined, now);
  const params = resolveParams(dag);
  let catchup: BackfillProgress | undefined;
  if (dag.schedule.catchup) {
    const [last] = await listRuns(client, dagId, 1);
    const lastStart = last ? new Date(last.logicalDate) : undefined;
    // The intervals after the last run, up to the one before the latest (which starts below at once).
    if (lastStart && lastStart.getTime() < new Date(latest.logicalDate).getTime()) {
      catchup = await backfillDag(client, dagId, { from: new Date(lastStart.getTime() + 1000), to: new Date(new Date(latest.logicalDate).getTime() - 1000), wait: false, now });
    }
  }
  const started = await startRun(client, dag, { logicalDate: latest.logicalDate, dataInterval: latest.dataInterval, params });
  return { latest: { ...started, logicalDate: latest.logicalDate }, ...(catchup && catchup.total > 0 ? { catchup } : {}) };
}
