/**
 * `dag_reconciler`: every 15 minutes, reruns (clears) the failed runs of the last intervals of every
 * scheduled DAG, so an interval that failed during an outage longer than its tasks' retry budget runs again
 * once the cause is gone instead of staying missing until someone runs `ciao dags clear`. Limits: the last
 * 24 intervals of each DAG, 5 clears per pass, 3 automatic clears per interval (control/reconcile.ts).
 */
import type { Activities } from '../../activities';
import { dag } from '../dag/dsl';

/** The reconciler's DAG id (it never clears its own runs). */
export const DAG_RECONCILER_ID = 'dag_reconciler';

export const dagReconciler = dag<Activities>(
  DAG_RECONCILER_ID,
  {
    description: 'Reruns failed runs of the last intervals of scheduled DAGs once their cause is gone (bounded)',
    schedule: { cron: '*/15 * * * *', timezone: 'Asia/Seoul', catchup: false, overlap: 'skip' },
    // A pass that cannot reach Temporal is simply the next pass's work: no long retries.
    defaults: { retry: { budget: '10m' }, timeouts: { startToClose: '5m' } },
    runTimeout: '15m',
    tags: ['ops'],
  },
  (b) => {
    b.task('clear_failed_runs', {
      activity: 'reconcileFailedRuns',
      args: { intervals: 24, maxClears: 5, maxAutoClears: 3 },
      doc: 'Clears failed runs of the last 24 intervals of each scheduled, unpaused DAG (5 per pass, 3 times per interval at most)',
    });
  },
);
