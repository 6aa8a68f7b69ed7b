/**
 * Wall-clock time in an IANA timezone: offsets, rendering with an explicit offset, and turning a wall time
 * back into an instant when the zone skips it (spring forward) or repeats it (fall back).
 *
 * Times are rendered as ISO-8601 with the zone's explicit offset (`2026-11-29T02:00:00+09:00`), never as
 * local time labelled `Z`.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterOf(timezone: string): Intl.DateTimeFormat {
  let f = formatters.get(timezone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      timeZoneName: 'longOffset',
    });
    formatters.set(timezone, f);
  }
  return f;
}

/** `date` as ISO-8601 in `timezone` with its explicit offset, to the second. */
export function formatInZone(date: Date, timezone: string): string {
  const parts: Record<string, string> = {};
  for (const p of formatterOf(timezone).formatToParts(date)) parts[p.type] = p.value;
  const offset = (parts.timeZoneName ?? 'GMT').replace('GMT', '') || '+00:00';
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}${offset}`;
}

/** Offset of `timezone` from UTC at `date`, in minutes (+540 for Asia/Seoul, +630 for Lord Howe in winter). */
export function offsetMinutes(date: Date, timezone: string): number {
  const offset = formatInZone(date, timezone).slice(19);
  const m = /^([+-])(\d{2}):(\d{2})$/.exec(offset);
  return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
}

/**
 * The wall-clock reading of `date` in `timezone`, as milliseconds of a UTC-labelled clock (so calendar
 * arithmetic on it never meets a DST jump).
 */
export function wallClockMs(date: Date, timezone: string): number {
  return date.getTime() + offsetMinutes(date, timezone) * 60_000;
}

/** Every instant whose wall-clock reading in `timezone` is `wallMs`: none (skipped), one, or two (repeated). */
export function instantsOfWallClock(wallMs: number, timezone: string): Date[] {
  const day = 86_400_000;
  // Offsets either side of the wall time; a zone changes its offset at most once within a day or so.
  const offsets = new Set([offsetMinutes(new Date(wallMs - day), timezone), offsetMinutes(new Date(wallMs), timezone), offsetMinutes(new Date(wallMs + day), timezone)]);
  const found = new Set<number>();
  for (const o of offsets) {
    const t = wallMs - o * 60_000;
    if (wallClockMs(new Date(t), timezone) === wallMs) found.add(t);
  }
  return [...found].sort((a, b) => a - b).map((t) => new Date(t));
}

/** How a wall time that a zone repeats (fall back) becomes an instant. */
export type FoldChoice = 'earlier' | 'later';

/**
 * The instant of the wall time `wallMs` in `timezone`. A skipped wall time (spring forward) moves forward by
 * the gap, as the clocks did (02:30 on a day that jumps 02:00 → 03:00 is 03:30); a repeated one takes the
 * `fold` occurrence.
 */
export function resolveWallClock(wallMs: number, timezone: string, fold: FoldChoice): Date {
  const found = instantsOfWallClock(wallMs, timezone);
  if (found.length > 0) return (fold === 'earlier' ? found[0] : found[found.length - 1]) as Date;
  // In the gap: read it with the offset in force before the jump (the smaller one), which lands after it.
  const before = offsetMinutes(new Date(wallMs - 86_400_000), timezone);
  const after = offsetMinutes(new Date(wallMs + 86_400_000), timezone);
  return new Date(wallMs - Math.min(before, after) * 60_000);
}

/** Whether `timezone` is an IANA zone this runtime knows. */
export function isKnownTimezone(timezone: string): boolean {
  try {
    formatterOf(timezone);
    return true;
  } catch {
    return false;
  }
}

/**
 * Parses a date given on a command line: `YYYY-MM-DD` (midnight in `timezone`), `YYYY-MM-DDTHH:mm[:ss]`
 * (wall time in `timezone`; a repeated wall time takes its first occurrence, a skipped one moves forward by
 * the gap) or full ISO-8601 with an offset. Undefined when it is none of these or not a real date.
 */
export function parseDateInZone(text: string, timezone: string): Date | undefined {
  const wall = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(text.trim());
  if (wall) {
    const [, y, mo, d, h = '0', mi = '0', s = '0'] = wall;
    const asUtc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
    const check = new Date(asUtc);
    if (Number.isNaN(asUtc) || check.getUTCDate() !== Number(d) || check.getUTCMonth() !== Number(mo) - 1 || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return undefined;
    return resolveWallClock(asUtc, timezone, 'earlier');
  }
  if (!/^\d{4}-\d{2}-\d{2}T.*(Z|[+-]\d{2}:?\d{2})$/.test(text.trim())) return undefined;
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** The `YYYY-MM-DD` calendar day of `date` in `timezone`. */
export function dayInZone(date: Date, timezone: string): string {
  return formatInZone(date, timezone).slice(0, 10);
}
