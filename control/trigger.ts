/**
 * `ciao dags trigger`: a manual run, with params validated at trigger time.
 */
import type { Client } from '@temporalio/client';
import { getDag, resolveParams } from './registry';
import { manualRunInterval } from './run-interval';
import { startRun, type StartedRun } from './runs';

/** Options of {@link triggerDag}. */
export interface TriggerOptions {
  /** Params over the DAG's defaults (`--conf`). */
  readonly conf?: Readonly<Record<string, unknown>>;
  /**
   * Which interval to run (`--date`, as typed: `2026-12-06`, `2026-12-06T09:30`, ISO with offset). Default:
   * the last complete interval, so a manual run and the scheduled run of that interval are one run. See
   * {@link manualRunInterval}. A `Date` means the interval that contains it.
   */
  readonly date?: string | Date;
  /** Clock (default: now). */
  readonly now?: Date;
}

/** Starts a run of `dagId`; an existing run for the same logical date is returned, not duplicated. */
export async function triggerDag(client: Client, dagId: string, options: TriggerOptions = {}): Promise<StartedRun & { logicalDate: string; dataInterval: { start: string; end: string } }> {
  const dag = getDag(dagId);
  const params = resolveParams(dag, options.conf);
  const dateText = options.date instanceof Date ? (Number.isNaN(options.date.getTime()) ? 'invalid date' : options.date.toISOString()) : options.date;
  const { logicalDate, dataInterval } = manualRunInterval(dag, dateText, options.now ?? new Date());
  const started = await startRun(client, dag, { logicalDate, dataInterval, params });
  return { ...started, logicalDate, dataInterval };
}
