/**
 * The age band: ONE definition used by the web tier, the log pipeline and the dashboards (the first version
 * computed Korean age in the logs and decade-of-birth-year on mypage, so rankings never matched).
 *
 * Age is the international age (만 나이, Korea's legal age since 2023) on the given day in Asia/Seoul; the band
 * is its decade, clamped to 10 … 60: under 20 → 10, 60 and over → 60.
 */
import { seoulDate } from './korea-time';

/** The bands, in order. */
export const AGE_BANDS = [10, 20, 30, 40, 50, 60] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

/** `YYYY-MM-DD` of `at` in Asia/Seoul, defined in ./korea-time; re-exported because the web tier's callers import it from here. */
export { seoulDate };

/** International age on `at` (Asia/Seoul day) of someone born on `birthDate` (`YYYY-MM-DD`). */
export function ageOn(birthDate: string, at: Date): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [y, m, d] = seoulDate(at).split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/** The age band of someone born on `birthDate`, on `at` (default now). */
export function ageBandOf(birthDate: string, at: Date = new Date()): AgeBand {
  const decade = Math.floor(ageOn(birthDate, at) / 10) * 10;
  return Math.min(60, Math.max(10, decade)) as AgeBand;
}

/** Korean label of a band (`20대`, `60대 이상`). */
export function ageBandLabel(band: AgeBand): string {
  if (band === 10) return '10대 이하';
  return band === 60 ? '60대 이상' : `${band}대`;
}
