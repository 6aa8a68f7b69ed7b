/**
 * `ciao dags trigger`: a manual run, with params validated at trigger time.
 */
import type { Client } from '@temporalio/client';
import { DagError } from '../domain/errors';
import { formatInZone, formatInterval, intervalEndingAt, intervalStartingAt, previousTick } from '../schedules/cron';
import { getDag, resolveParams, timezoneOf } from './registry';
import { startRun, type StartedRun } from './runs';

/** Options of {@link triggerDag}. */
export interface TriggerOptions {
  /** Params over the DAG's defaults (`--conf`). */
  readonly conf?: Readonly<Record<string, unknown>>;
  /**
   * Logical date of the run (`--date`). Default: now — and for a scheduled DAG the data interval is then the
   * last complete one, as Airflow infers for manual runs.
   */
  readonly date?: Date;
  /** Clock, for tests. */
  readonly now?: Date;
}

/** Starts a run of `dagId`; an existing run for the same logical date is returned, not duplicated. */
export async function triggerDag(client: Client, dagId: string, options: TriggerOptions = {}): Promise<StartedRun & { logicalDate: string }> {
  const dag = getDag(dagId);
  const params = resolveParams(dag, options.conf);
  const tz = timezoneOf(dag);
  if (options.date && Number.isNaN(options.date.getTime())) throw new DagError('DagParamsInvalid', 'the --date is not a valid date', { dagId });
  const now = options.now ?? new Date();
  let logicalDate: string;
  let dataInterval;
  if (options.date) {
    logicalDate = formatInZone(options.date, tz);
    dataInterval = dag.schedule ? formatInterval(intervalStartingAt(dag.schedule.cron, tz, options.date), tz) : { start: logicalDate, end: logicalDate };
  } else {
    const at = new Date(Math.floor(now.getTime() / 1000) * 1000);
    logicalDate = formatInZone(at, tz);
    // The last complete interval: the one that ended at the latest fire time at or before now.
    dataInterval = dag.schedule
      ? formatInterval(intervalEndingAt(dag.schedule.cron, tz, previousTick(dag.schedule.cron, tz, new Date(at.getTime() + 1))), tz)
      : { start: logicalDate, end: logicalDate };
  }
  const started = await startRun(client, dag, { logicalDate, dataInterval, params });
  return { ...started, logicalDate };
}
