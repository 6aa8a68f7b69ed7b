/**
 * Day arithmetic of the warm tier's retention — on calendar dates, never on yyyymmdd integers (the first
 * version computed 20260301 − 7 = 20260294 and kept February for good).
 */
import { InfraError } from '../../domain/errors';

const DAY_MS = 86_400_000;

/**
 * `day` (`YYYY-MM-DD`) moved by `n` calendar days (negative: back), across month and year ends and leap days.
 * @throws InfraError `ValidationFailed` when `day` is not a real date
 */
export function addDays(day: string, n: number): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  const ms = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : Number.NaN;
  // Date.UTC rolls 2026-02-30 over to March: a date that does not round-trip does not exist.
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== day) throw new InfraError('ValidationFailed', `not a calendar day: ${day}`, { day });
  return new Date(ms + n * DAY_MS).toISOString().slice(0, 10);
}

/**
 * The oldest day the warm tier keeps when its newest day is `day`: with `keepDays` 7, the 7 days `day − 6 …
 * day` stay and every day before the returned one is deleted.
 * @param keepDays days kept, counting `day` itself (≥ 1)
 */
export function retentionCutoff(day: string, keepDays: number): string {
  if (!Number.isInteger(keepDays) || keepDays < 1) throw new InfraError('ValidationFailed', `keepDays must be a whole number ≥ 1, got ${keepDays}`, { keepDays });
  return addDays(day, -(keepDays - 1));
}
