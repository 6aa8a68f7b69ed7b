/**
 * Day boundaries of the eco-point rules: the daily quota resets at midnight Korea time. Pure, workflow-safe.
 */
import { SEOUL_OFFSET_MS, seoulDate } from './korea-time';

/** Credited uploads allowed per member, service and Korea day (SPEC §1: "more than 2 … → OverCount"). */
export const DAILY_CREDIT_LIMIT = 2;

/** The next midnight in Asia/Seoul after `at` (the instant the day's counters expire). */
export function nextSeoulMidnight(at: Date): Date {
  const day = seoulDate(at);
  const midnightUtcFields = Date.parse(`${day}T00:00:00Z`) + 86_400_000;
  return new Date(midnightUtcFields - SEOUL_OFFSET_MS);
}
