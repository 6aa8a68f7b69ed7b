import { formatInterval, intervalEndingAt, latestFireAtOrBefore, nextFire } from '../../schedules/cron';
import type { DataInterval } from '../../workflows/dag/task-context';

/** Input of {@link resolveScheduledInterval}. */
export interface ResolveScheduledIntervalInput {
  readonly cron: string;
  readonly timezone: string;
  /** When the Schedule fired: its nominal time (`TemporalScheduledStartTime`), ISO. */
  readonly scheduledTime: string;
}

/** The logical date and data interval of a scheduled run. */
export interface ScheduledInterval {
  readonly logicalDate: string;
  readonly dataInterval: DataInterval;
  /** The interval's end (ISO): the run must not start before it (see below). */
  readonly notBefore: string;
}

/** How far (ms) a Schedule's fire time may be from the fire time we compute and still mean it. */
const FIRE_TOLERANCE_MS = 3 * 3_600_000;

/**
 * Works out the data interval a Schedule firing at `scheduledTime` covers, with Airflow's convention: the
 * run covers `[previous fire time, this fire time)` and its logical date is the interval's start — the same
 * as a manual run or a backfill of that interval, hence the same workflow id.
 *
 * The fire time is matched to the nearest fire time of our own timetable (schedules/cron.ts). They agree
 * except around daylight-saving changes, where Temporal may fire a repeated wall time at its first
 * occurrence while Airflow's rule takes the second: then the run waits for `notBefore`, so no interval is
 * lost, run early or run twice. A local activity: cron arithmetic needs a library that workflows can't use.
 */
export function resolveScheduledInterval(input: ResolveScheduledIntervalInput): Promise<ScheduledInterval> {
  const fired = new Date(input.scheduledTime);
  const atOrBefore = latestFireAtOrBefore(input.cron, input.timezone, fired);
  const after = nextFire(input.cron, input.timezone, fired);
  const lateBy = fired.getTime() - atOrBefore.getTime();
  const earlyBy = after.getTime() - fired.getTime();
  const end = earlyBy < lateBy && earlyBy <= FIRE_TOLERANCE_MS ? after : atOrBefore;
  const dataInterval = formatInterval(intervalEndingAt(input.cron, input.timezone, end), input.timezone);
  return Promise.resolve({ logicalDate: dataInterval.start, dataInterval, notBefore: end.toISOString() });
}
