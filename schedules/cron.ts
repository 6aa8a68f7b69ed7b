/**
 * Fire times of a DAG's cron in its timezone, and how they become logical dates and data intervals.
 *
 * Airflow's convention: a run covers the interval between two fire times and starts at its end; its logical
 * date is the interval's start. A scheduled run, a manual run and a backfill of the same interval therefore
 * have the same logical date, and so the same workflow id.
 *
 * Fire times follow Airflow's cron timetable across daylight-saving changes, in any IANA zone:
 * - a cron that fires at least once every hour (`0 * * * *`, `*\/30 * * * *`) fires at every instant whose
 *   wall-clock reading matches: a repeated hour (fall back) fires twice, once per real hour; a skipped hour
 *   (spring forward) does not fire;
 * - any other cron fires once per matching wall-clock time: a skipped time moves forward by the gap
 *   (`30 2 * * *` fires at 03:30 on the day 02:00 jumps to 03:00), a repeated time fires at its second
 *   occurrence (as Airflow has always done), so no day is lost or doubled.
 * The same set of fire times is walked forward and backward, so `previousFire(nextFire(t)) === t`.
 */
import { CronExpressionParser } from 'cron-parser';
import type { DataInterval } from '../workflows/dag/task-context';
import { formatInZone, instantsOfWallClock, offsetMinutes, resolveWallClock, wallClockMs } from './zone-time';

/** How far (ms) a DST change can move a wall-clock time: enough room for every zone's jumps. */
const MAX_SHIFT_MS = 3 * 3_600_000;

/** Wall-clock fire times of `cron` iterated as if the zone were UTC (no DST), from `wallMs`. */
function wallTicks(cron: string, wallMs: number, direction: 'next' | 'prev'): () => number {
  const it = CronExpressionParser.parse(cron, { currentDate: new Date(wallMs), tz: 'UTC' });
  return () => (direction === 'next' ? it.next() : it.prev()).toDate().getTime();
}

/** Whether `cron` fires in every hour of the day (Airflow's "covers every hour" rule for folds). */
function coversEveryHour(cron: string): boolean {
  return CronExpressionParser.parse(cron, { tz: 'UTC' }).fields.hour.values.length === 24;
}

/** The fire instants of one wall-clock match of `cron` in `timezone`. */
function instantsOf(cron: string, everyHour: boolean, wallMs: number, timezone: string): number[] {
  if (everyHour) return instantsOfWallClock(wallMs, timezone).map((d) => d.getTime());
  return [resolveWallClock(wallMs, timezone, 'later').getTime()];
}

/**
 * The common case, no offset change near: the next (or previous) wall tick read with the one offset in force.
 * Undefined when the zone changes its offset anywhere between `from` and the tick (then the careful walk
 * decides).
 */
function fixedOffsetFire(cron: string, timezone: string, from: Date, direction: 'next' | 'prev'): Date | undefined {
  const o = offsetMinutes(from, timezone);
  const wall = wallTicks(cron, from.getTime() + o * 60_000, direction)();
  const t = wall - o * 60_000;
  const sign = direction === 'next' ? 1 : -1;
  // Two offset changes are months apart, so equal offsets at both ends (with margin) mean none in between.
  if (Math.abs(t - from.getTime()) > 60 * 86_400_000) return undefined;
  if (offsetMinutes(new Date(from.getTime() - sign * MAX_SHIFT_MS), timezone) !== o) return undefined;
  if (offsetMinutes(new Date(t + sign * MAX_SHIFT_MS), timezone) !== o) return undefined;
  return new Date(t);
}

/** The first fire time strictly after `after`. */
export function nextFire(cron: string, timezone: string, after: Date): Date {
  const fast = fixedOffsetFire(cron, timezone, after, 'next');
  if (fast) return fast;
  const everyHour = coversEveryHour(cron);
  const t = after.getTime();
  const next = wallTicks(cron, wallClockMs(after, timezone) - MAX_SHIFT_MS - 1, 'next');
  let best = Number.POSITIVE_INFINITY;
  let bestWall = Number.POSITIVE_INFINITY;
  for (;;) {
    const wall = next();
    // Offsets near each other differ by less than MAX_SHIFT_MS, so a wall time this far past the best one's
    // can only map to a later instant.
    if (wall > bestWall + MAX_SHIFT_MS) break;
    for (const i of instantsOf(cron, everyHour, wall, timezone)) {
      if (i > t && i < best) [best, bestWall] = [i, wall];
    }
  }
  return new Date(best);
}

/** The last fire time strictly before `before`. */
export function previousFire(cron: string, timezone: string, before: Date): Date {
  const fast = fixedOffsetFire(cron, timezone, before, 'prev');
  if (fast) return fast;
  const everyHour = coversEveryHour(cron);
  const t = before.getTime();
  const prev = wallTicks(cron, wallClockMs(before, timezone) + MAX_SHIFT_MS + 1, 'prev');
  let best = Number.NEGATIVE_INFINITY;
  let bestWall = Number.NEGATIVE_INFINITY;
  for (;;) {
    const wall = prev();
    if (wall < bestWall - MAX_SHIFT_MS) break;
    for (const i of instantsOf(cron, everyHour, wall, timezone)) {
      if (i < t && i > best) [best, bestWall] = [i, wall];
    }
  }
  return new Date(best);
}

/** The latest fire time at or before `at`. */
export function latestFireAtOrBefore(cron: string, timezone: string, at: Date): Date {
  return previousFire(cron, timezone, new Date(at.getTime() + 1));
}

/** The earliest fire time at or after `at`. */
export function earliestFireAtOrAfter(cron: string, timezone: string, at: Date): Date {
  return nextFire(cron, timezone, new Date(at.getTime() - 1));
}

/** Fire times in `[from, to]` (inclusive), at most `limit` (default 10 000). */
export function cronTicks(cron: string, timezone: string, from: Date, to: Date, limit = 10_000): Date[] {
  const out: Date[] = [];
  let t = earliestFireAtOrAfter(cron, timezone, from);
  while (out.length < limit && t.getTime() <= to.getTime()) {
    out.push(t);
    t = nextFire(cron, timezone, t);
  }
  return out;
}

/** The next `count` fire times strictly after `after`. */
export function nextTicks(cron: string, timezone: string, after: Date, count: number): Date[] {
  const out: Date[] = [];
  let t = after;
  for (let i = 0; i < count; i++) {
    t = nextFire(cron, timezone, t);
    out.push(t);
  }
  return out;
}

/** An interval of two fire times, as instants. */
export interface Interval {
  readonly start: Date;
  readonly end: Date;
}

/** The interval a run fired at the fire time `end` covers: `[previous fire time, end)`. */
export function intervalEndingAt(cron: string, timezone: string, end: Date): Interval {
  return { start: previousFire(cron, timezone, end), end };
}

/** The interval that starts at the fire time `start`: `[start, next fire time)`. */
export function intervalStartingAt(cron: string, timezone: string, start: Date): Interval {
  return { start, end: nextFire(cron, timezone, start) };
}

/** The last interval that has ended at or before `at` (what a manual run at `at` covers, as in Airflow). */
export function lastCompleteInterval(cron: string, timezone: string, at: Date): Interval {
  return intervalEndingAt(cron, timezone, latestFireAtOrBefore(cron, timezone, at));
}

/** An interval rendered in `timezone`. */
export function formatInterval(interval: Interval, timezone: string): DataInterval {
  return { start: formatInZone(interval.start, timezone), end: formatInZone(interval.end, timezone) };
}

/** Returns undefined when `cron` parses, else the parser's message. */
export function cronParseError(cron: string, timezone: string): string | undefined {
  try {
    CronExpressionParser.parse(cron, { tz: timezone });
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
}
