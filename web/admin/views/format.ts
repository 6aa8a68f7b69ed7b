/**
 * Times and durations as the admin pages print them: in the DAG's timezone, with its offset.
 */
import { formatInZone } from '../../../schedules/zone-time';

/** `iso` in `timezone` as `2026-11-25 03:00:00 +09:00`; the input unchanged when it is not a date. */
export function displayTime(iso: string | undefined, timezone: string): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const text = formatInZone(date, timezone);
  return `${text.slice(0, 10)} ${text.slice(11, 19)} ${text.slice(19)}`;
}

/** Elapsed time between two ISO times (`end` defaults to `now`) as `1h 2m`, `3m 4s` or `5.6s`; '' when unknown. */
export function displayDuration(startIso: string | undefined, endIso?: string, now: Date = new Date()): string {
  if (!startIso) return '';
  const start = new Date(startIso).getTime();
  const end = endIso ? new Date(endIso).getTime() : now.getTime();
  if (Number.isNaN(start) || Number.isNaN(end) || end < start) return '';
  const ms = end - start;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  const s = Math.round(ms / 1000);
  if (s < 3600) return `${Math.floor(s / 60)}m ${s % 60}s`;
  return `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m`;
}
