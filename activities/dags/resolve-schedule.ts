import { formatInterval, intervalEndingAt } from '../../schedules/cron';
import type { DataInterval } from '../../workflows/dag/task-context';

/** Input of {@link resolveScheduledInterval}. */
export interface ResolveScheduledIntervalInput {
  readonly cron: string;
  readonly timezone: string;
  /** When the Schedule fired (ISO). */
  readonly scheduledTime: string;
}

/** The logical date and data interval of a scheduled run. */
export interface ScheduledInterval {
  readonly logicalDate: string;
  readonly dataInterval: DataInterval;
}

/**
 * Works out the data interval a Schedule firing at `scheduledTime` covers (Airflow's convention: the run
 * starts at the interval's end; its logical date is the interval's start). A local activity, because cron
 * arithmetic needs a library that does not belong in workflow code.
 */
export function resolveScheduledInterval(input: ResolveScheduledIntervalInput): Promise<ScheduledInterval> {
  // A Schedule may fire a few ms late; round down to the minute so the interval ends on the fire time.
  const fired = new Date(Math.floor(new Date(input.scheduledTime).getTime() / 60_000) * 60_000);
  const dataInterval = formatInterval(intervalEndingAt(input.cron, input.timezone, new Date(fired.getTime() + 1)), input.timezone);
  return Promise.resolve({ logicalDate: dataInterval.start, dataInterval });
}
