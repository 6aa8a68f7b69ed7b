/**
 * The reconciler: a scheduled interval whose run still failed once its retries were spent is cleared again
 * automatically, so an outage longer than a task's retry budget costs a delay, not a missing hour that waits
 * for someone to run `ciao dags clear`. Bounded on purpose: only the last `intervals` intervals of each DAG,
 * at most `maxClears` clears per pass, and an interval is cleared automatically at most `maxAutoClears` times
 * (a run that keeps failing for a reason of its own is left for a person, and listed as given up).
 */
import type { Client } from '@temporalio/client';
import { latestFireAtOrBefore, previousFire } from '../schedules/cron';
import type { DagSpec } from '../workflows/dag/spec';
import { clearRun } from './clear';
import { isStillFailed, latestPerInterval, type IntervalRuns } from './failed-runs';
import { timezoneOf } from './registry';
import { listRuns } from './runs';

/** Options of {@link reconcileFailedRuns}. */
export interface ReconcileOptions {
  /** The DAGs to look at; those without a cron schedule are ignored. */
  readonly dags: readonly DagSpec[];
  /** How many of each DAG's latest intervals to look at (default 24). */
  readonly intervals?: number;
  /** Most clears in one pass, over all DAGs, oldest interval first (default 5). */
  readonly maxClears?: number;
  /** Most automatic clears of one interval: executions beyond `1 + maxAutoClears` are left alone (default 3). */
  readonly maxAutoClears?: number;
  /** The time the pass happens at (default now). */
  readonly now?: Date;
}

/** One interval the reconciler acted on or left. */
export interface ReconciledInterval {
  readonly dagId: string;
  readonly logicalDate: string;
  /** Executions of the interval before this pass. */
  readonly executions: number;
  readonly error?: string;
}

/** What one pass did. */
export interface ReconcileReport {
  /** Failed intervals found in the window. */
  readonly failed: number;
  readonly cleared: ReconciledInterval[];
  /** Cleared `maxAutoClears` times already: left for a person. */
  readonly gaveUp: ReconciledInterval[];
  /** Over `maxClears`: left for the next pass. */
  readonly deferred: ReconciledInterval[];
  /** Clears that failed (Temporal refused): retried by the next pass. */
  readonly errors: ReconciledInterval[];
}

/** Start of the oldest of the `intervals` latest complete intervals of a cron at `now`. */
export function windowStart(dag: DagSpec, intervals: number, now: Date): Date | undefined {
  const cron = dag.schedule?.cron;
  if (!cron) return undefined;
  const tz = timezoneOf(dag);
  // The latest fire ends the latest complete interval; each step back is one interval.
  let start = latestFireAtOrBefore(cron, tz, now);
  for (let i = 0; i < intervals; i++) start = previousFire(cron, tz, start);
  return start;
}

/** Clears the failed runs of the last intervals of each scheduled DAG, within the limits. */
export async function reconcileFailedRuns(client: Client, options: ReconcileOptions): Promise<ReconcileReport> {
  const intervals = options.intervals ?? 24;
  const maxClears = options.maxClears ?? 5;
  const maxAutoClears = options.maxAutoClears ?? 3;
  const now = options.now ?? new Date();
  const candidates: { dag: DagSpec; interval: IntervalRuns }[] = [];
  for (const dag of options.dags) {
    const since = windowStart(dag, intervals, now);
    if (!since) continue;
    // Enough executions for every interval of the window plus a few reruns each.
    const rows = await listRuns(client, dag.id, Math.min(1000, intervals * (2 + maxAutoClears)));
    for (const interval of latestPerInterval(rows)) {
      if (Date.parse(interval.latest.logicalDate) >= since.getTime() && isStillFailed(interval)) candidates.push({ dag, interval });
    }
  }
  candidates.sort((a, b) => Date.parse(a.interval.latest.logicalDate) - Date.parse(b.interval.latest.logicalDate));
  const report: ReconcileReport = { failed: candidates.length, cleared: [], gaveUp: [], deferred: [], errors: [] };
  for (const { dag, interval } of candidates) {
    const logicalDate = interval.latest.logicalDate;
    const row: ReconciledInterval = { dagId: dag.id, logicalDate, executions: interval.executions };
    if (interval.executions > maxAutoClears) {
      report.gaveUp.push(row);
    } else if (report.cleared.length + report.errors.length >= maxClears) {
      report.deferred.push(row);
    } else {
      try {
        await clearRun(client, dag.id, logicalDate, {}, { dag });
        report.cleared.push(row);
      } catch (err) {
        report.errors.push({ ...row, error: err instanceof Error ? err.message : String(err) });
      }
    }
  }
  return report;
}
