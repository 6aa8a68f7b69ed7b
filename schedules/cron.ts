/**
 * Fire times of a DAG's cron in its timezone, and how they become logical dates and data intervals.
 *
 * Airflow's convention: a run covers the interval between two fire times and starts at its end; its logical
 * date is the interval's start. Times are rendered as ISO-8601 with the timezone's explicit offset
 * (`2026-11-29T02:00:00+09:00`), never as local time labelled `Z`.
 */
import { CronExpressionParser } from 'cron-parser';
import type { DataInterval } from '../workflows/dag/task-context';

/** Fire times in `[from, to]` (inclusive), at most `limit` (default 10 000). */
export function cronTicks(cron: string, timezone: string, from: Date, to: Date, limit = 10_000): Date[] {
  const it = CronExpressionParser.parse(cron, { currentDate: new Date(from.getTime() - 1), tz: timezone });
  const out: Date[] = [];
  while (out.length < limit) {
    const next = it.next().toDate();
    if (next.getTime() > to.getTime()) break;
    out.push(next);
  }
  return out;
}

/** The next `count` fire times strictly after `after`. */
export function nextTicks(cron: string, timezone: string, after: Date, count: number): Date[] {
  const it = CronExpressionParser.parse(cron, { currentDate: after, tz: timezone });
  return Array.from({ length: count }, () => it.next().toDate());
}

/** The fire time strictly before `at`. */
export function previousTick(cron: string, timezone: string, at: Date): Date {
  return CronExpressionParser.parse(cron, { currentDate: at, tz: timezone }).prev().toDate();
}

/** The interval a scheduled run fired at `end` covers: `[previous fire time, end)`. */
export function intervalEndingAt(cron: string, timezone: string, end: Date): { start: Date; end: Date } {
  return { start: previousTick(cron, timezone, end), end };
}

/** The interval that starts at the fire time `start`: `[start, next fire time)`. */
export function intervalStartingAt(cron: string, timezone: string, start: Date): { start: Date; end: Date } {
  return { start, end: nextTicks(cron, timezone, start, 1)[0] ?? start };
}

/** `date` as ISO-8601 in `timezone` with its explicit offset, to the second. */
export function formatInZone(date: Date, timezone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      timeZoneName: 'longOffset',
    })
      .formatToParts(date)
      .map((p) => [p.type, p.value]),
  ) as Record<string, string>;
  const offset = (parts.timeZoneName ?? 'GMT').replace('GMT', '') || '+00:00';
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}${offset}`;
}

/** An interval rendered in `timezone`. */
export function formatInterval(interval: { start: Date; end: Date }, timezone: string): DataInterval {
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

/** Offset of `timezone` from UTC at `date`, in minutes (+540 for Asia/Seoul). */
export function offsetMinutes(date: Date, timezone: string): number {
  const offset = formatInZone(date, timezone).slice(19);
  const m = /^([+-])(\d{2}):(\d{2})$/.exec(offset);
  return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
}

/**
 * Parses a date given on a command line: `YYYY-MM-DD` (midnight in `timezone`), `YYYY-MM-DDTHH:mm[:ss]`
 * (wall time in `timezone`) or full ISO-8601 with an offset. Undefined when it is none of these.
 */
export function parseDateInZone(text: string, timezone: string): Date | undefined {
  const wall = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(text.trim());
  if (wall) {
    const [, y, mo, d, h = '0', mi = '0', s = '0'] = wall;
    const asUtc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
    // Two steps settle the offset even on a day the zone changes it.
    let t = asUtc - offsetMinutes(new Date(asUtc), timezone) * 60_000;
    t = asUtc - offsetMinutes(new Date(t), timezone) * 60_000;
    const date = new Date(t);
    return Number.isNaN(date.getTime()) || formatInZone(date, timezone).slice(0, 10) !== `${y}-${mo}-${d}` ? undefined : date;
  }
  if (!/\d{4}-\d{2}-\d{2}T.*(Z|[+-]\d{2}:?\d{2})$/.test(text.trim())) return undefined;
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? undefined : date;
}
