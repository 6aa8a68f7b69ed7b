/**
 * The version id of a retraining run's candidate, derived from the run's logical date alone, so a rerun of the
 * same week (a retry, a clear, a second trigger) produces the same id and never a second registry record.
 * Pure.
 */
import { seoulWallClock } from '../../domain/korea-time';

/**
 * `retrain-YYYYMMDD-HHmm` of the logical date in Korea time: `2026-11-30T04:00:00+09:00` → `retrain-20261130-0400`.
 * @throws RangeError when the date cannot be read
 */
export function candidateVersionFor(logicalDate: string): string {
  const ms = Date.parse(logicalDate);
  if (Number.isNaN(ms)) throw new RangeError(`not a date: ${JSON.stringify(logicalDate)}`);
  const k = seoulWallClock(ms).toISOString();
  return `retrain-${k.slice(0, 10).replace(/-/g, '')}-${k.slice(11, 13)}${k.slice(14, 16)}`;
}
