/**
 * Which data interval a person means: a manual run with or without `--date`, `dags state <dag> <day>`.
 * One place, so `trigger`, `state`, `clear` and the admin pages agree with the Schedule and with backfills.
 */
import { DagError } from '../domain/errors';
import { cronTicks, formatInterval, intervalStartingAt, lastCompleteInterval, latestFireAtOrBefore, nextFire, previousFire } from '../schedules/cron';
import { dayInZone, formatInZone, parseDateInZone } from '../schedules/zone-time';
import type { DataInterval } from '../workflows/dag/task-context';
import type { DagSpec } from '../workflows/dag/spec';
import { timezoneOf } from './registry';

/** A run's logical date and data interval. */
export interface RunInterval {
  readonly logicalDate: string;
  readonly dataInterval: DataInterval;
}

const DAY_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The interval a manual run covers.
 * - No date: for a scheduled DAG the last complete interval at `now` (Airflow's manual-run inference), so
 *   a manual run and the scheduled run of that interval are the same run; an unscheduled DAG runs at `now`.
 * - A day (`2026-12-06`): the interval that starts at the DAG's first fire time on that day, whole.
 * - A time (`2026-12-06T09:30`, or ISO with offset): the interval that contains it.
 * @throws DagError `DagParamsInvalid` when the text is not a date, or no interval starts on that day
 */
export function manualRunInterval(dag: DagSpec, dateText: string | undefined, now: Date): RunInterval {
  const tz = timezoneOf(dag);
  const cron = dag.schedule?.cron;
  if (dateText === undefined) {
    if (!cron) {
      const at = formatInZone(new Date(Math.floor(now.getTime() / 1000) * 1000), tz);
      return { logicalDate: at, dataInterval: { start: at, end: at } };
    }
    return fromInterval(formatInterval(lastCompleteInterval(cron, tz, now), tz));
  }
  const date = parseUserDate(dag, dateText);
  if (!cron) {
    const at = formatInZone(date, tz);
    return { logicalDate: at, dataInterval: { start: at, end: at } };
  }
  if (DAY_ONLY.test(dateText.trim())) {
    const [first] = intervalStartsOnDay(dag, dateText.trim());
    if (!first) throw noIntervalOnDay(dag, dateText.trim(), date);
    return first;
  }
  const start = latestFireAtOrBefore(cron, tz, date);
  return fromInterval(formatInterval(intervalStartingAt(cron, tz, start), tz));
}

/** Every interval of a scheduled DAG that starts on the calendar `day` (YYYY-MM-DD) in its timezone. */
export function intervalStartsOnDay(dag: DagSpec, day: string): RunInterval[] {
  const tz = timezoneOf(dag);
  const cron = dag.schedule?.cron;
  const dayStart = parseUserDate(dag, day);
  if (!cron) return [];
  const ticks = cronTicks(cron, tz, dayStart, new Date(dayStart.getTime() + 26 * 3_600_000), 2000).filter((t) => dayInZone(t, tz) === day);
  return ticks.map((t) => fromInterval(formatInterval(intervalStartingAt(cron, tz, t), tz)));
}

/**
 * The logical date a person typed for an existing run: an exact logical date (`2026-11-22T02:00:00+09:00`
 * or `2026-11-22T02:00`), or a day that has exactly one interval starting on it.
 * @throws DagError `DagRunAmbiguous` listing the candidates when the day has several intervals
 */
export function logicalDateOf(dag: DagSpec, text: string): string {
  const tz = timezoneOf(dag);
  const trimmed = text.trim();
  if (DAY_ONLY.test(trimmed) && dag.schedule) {
    const candidates = intervalStartsOnDay(dag, trimmed);
    if (candidates.length === 1) return (candidates[0] as RunInterval).logicalDate;
    if (candidates.length === 0) throw noIntervalOnDay(dag, trimmed, parseUserDate(dag, trimmed));
    const list = candidates.slice(0, 30).map((c) => c.logicalDate);
    throw new DagError('DagRunAmbiguous', `DAG "${dag.id}" has ${candidates.length} intervals starting on ${trimmed}; give one of: ${list.join(', ')}${candidates.length > list.length ? ', …' : ''}`, { dagId: dag.id, candidates: list });
  }
  return formatInZone(parseUserDate(dag, trimmed), tz);
}

function parseUserDate(dag: DagSpec, text: string): Date {
  const date = parseDateInZone(text, timezoneOf(dag));
  if (!date) throw new DagError('DagParamsInvalid', `"${text}" is not a date (YYYY-MM-DD, YYYY-MM-DDTHH:mm in ${timezoneOf(dag)}, or ISO-8601 with offset)`, { dagId: dag.id });
  return date;
}

function fromInterval(dataInterval: DataInterval): RunInterval {
  return { logicalDate: dataInterval.start, dataInterval };
}

function noIntervalOnDay(dag: DagSpec, day: string, dayStart: Date): DagError {
  const tz = timezoneOf(dag);
  const cron = dag.schedule?.cron ?? '';
  const before = formatInZone(previousFire(cron, tz, dayStart), tz);
  const after = formatInZone(nextFire(cron, tz, dayStart), tz);
  return new DagError('DagParamsInvalid', `no interval of DAG "${dag.id}" (${cron}, ${tz}) starts on ${day}; the nearest start at ${before} and ${after}`, { dagId: dag.id, nearest: [before, after] });
}
