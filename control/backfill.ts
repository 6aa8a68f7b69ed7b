/**
 * `ciao dags backfill`: one run per schedule interval whose logical date falls in `[from, to]`, with at most
 * `maxActive` running at once. Idempotent: intervals that already have a run are skipped, so an interrupted
 * backfill can simply be started again.
 */
import type { Client } from '@temporalio/client';
import { DagError } from '../domain/errors';
import { cronTicks, formatInterval, intervalStartingAt } from '../schedules/cron';
import { getDag, resolveParams, timezoneOf } from './registry';
import { startRun, waitForRun } from './runs';

/** Progress of a backfill, reported after every change. */
export interface BackfillProgress {
  readonly total: number;
  readonly started: number;
  /** Runs that already existed and were left alone. */
  readonly skipped: number;
  readonly succeeded: number;
  readonly failed: number;
  /** The run that just changed. */
  readonly last?: { readonly logicalDate: string; readonly event: 'started' | 'skipped' | 'succeeded' | 'failed' };
}

/** Options of {@link backfillDag}. */
export interface BackfillOptions {
  readonly from: Date;
  readonly to: Date;
  readonly conf?: Readonly<Record<string, unknown>>;
  /** Most runs at once (default: the schedule's maxActiveRuns, else 1). */
  readonly maxActive?: number;
  /** Wait for every run to finish (default true); false returns once all are started. */
  readonly wait?: boolean;
  readonly onProgress?: (p: BackfillProgress) => void;
}

/** Runs `dagId` for every interval in `[from, to]`. @returns the final counts */
export async function backfillDag(client: Client, dagId: string, options: BackfillOptions): Promise<BackfillProgress> {
  const dag = getDag(dagId);
  if (!dag.schedule) throw new DagError('DagInvalid', `DAG "${dagId}" has no schedule, so it has no intervals to backfill: use trigger --date`, { dagId });
  if (options.from.getTime() > options.to.getTime()) throw new DagError('DagParamsInvalid', '--from is after --to', { dagId });
  const params = resolveParams(dag, options.conf);
  const tz = timezoneOf(dag);
  const ticks = cronTicks(dag.schedule.cron, tz, options.from, options.to);
  const maxActive = Math.max(1, options.maxActive ?? dag.schedule.maxActiveRuns ?? 1);
  const wait = options.wait ?? true;
  const progress = { total: ticks.length, started: 0, skipped: 0, succeeded: 0, failed: 0 };
  const report = (logicalDate: string, event: NonNullable<BackfillProgress['last']>['event']): void => options.onProgress?.({ ...progress, last: { logicalDate, event } });

  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < ticks.length) {
      const tick = ticks[next++] as Date;
      const dataInterval = formatInterval(intervalStartingAt(dag.schedule?.cron ?? '', tz, tick), tz);
      const run = await startRun(client, dag, { logicalDate: dataInterval.start, dataInterval, params });
      if (!run.started) {
        progress.skipped++;
        report(dataInterval.start, 'skipped');
        continue;
      }
      progress.started++;
      report(dataInterval.start, 'started');
      if (!wait) continue;
      const result = await waitForRun(client, run.workflowId, run.runId).catch(() => undefined);
      if (result?.status === 'success') progress.succeeded++;
      else progress.failed++;
      report(dataInterval.start, result?.status === 'success' ? 'succeeded' : 'failed');
    }
  };
  await Promise.all(Array.from({ length: Math.min(maxActive, Math.max(ticks.length, 1)) }, lane));
  return progress;
}
