/**
 * The activity of `dag_reconciler`: one bounded pass of control/reconcile.ts over the registry's scheduled,
 * unpaused DAGs (its own runs excluded).
 */
import { log } from '@temporalio/activity';
import { listDags } from '../../control/registry';
import { reconcileFailedRuns as reconcile, type ReconcileReport } from '../../control/reconcile';
import type { Stores } from '../../infra/stores';
import { listDagSchedules } from '../../schedules/sync';
import type { TaskInvocation } from '../../workflows/dag/task-context';
import { DAG_RECONCILER_ID } from '../../workflows/dags/dag-reconciler';

/** Arguments of `reconcileFailedRuns`: the limits of one pass (see `ReconcileOptions`). */
export interface ReconcileArgs {
  readonly intervals: number;
  readonly maxClears: number;
  readonly maxAutoClears: number;
}

/** The reconciler's activities, bound to the worker's Temporal client. */
export function createReconcileActivities(stores: Stores) {
  return {
    /** Clears the failed runs of the last intervals of each scheduled, unpaused DAG. */
    async reconcileFailedRuns(input: TaskInvocation<ReconcileArgs>): Promise<ReconcileReport> {
      const client = await stores.temporal.client();
      const paused = new Set((await listDagSchedules(client)).filter((s) => s.paused).map((s) => s.dagId));
      const dags = listDags().filter((d) => d.schedule && d.id !== DAG_RECONCILER_ID && !paused.has(d.id));
      const report = await reconcile(client, { dags, ...input.args });
      if (report.failed > 0) {
        log.warn('failed runs reconciled', {
          cleared: report.cleared.map((r) => `${r.dagId}@${r.logicalDate}`),
          gaveUp: report.gaveUp.map((r) => `${r.dagId}@${r.logicalDate}`),
          deferred: report.deferred.length,
          errors: report.errors.map((r) => `${r.dagId}@${r.logicalDate}: ${r.error ?? ''}`),
        });
      }
      return report;
    },
  };
}
