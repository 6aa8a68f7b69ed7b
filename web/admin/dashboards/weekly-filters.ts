/**
 * The weekly dashboard's filters — the last Korea-time day of the 7, age band, gender, region — as they
 * arrive in a query string (checked by {@link WeeklyQuerySchema}), as the dashboard uses them, and as they go
 * back into links and CSV file names. Pure.
 */
import { Type, type Static } from '@sinclair/typebox';
import { AGE_BANDS, seoulDate, type AgeBand } from '../../../domain/age-band';
import { REGION_CODES, type RegionCode } from '../../../domain/regions';
import { addDays } from '../../../activities/logs/retention';
import { ageName, regionName } from './live-filters';
import { GENDERS, genderName, type Gender } from '../../../domain/gender';

/** The dashboard's tabs, in order. */
export const WEEKLY_TABS = ['menu', 'dwell', 'ecopoint', 'nolabel'] as const;
export type WeeklyTabId = (typeof WEEKLY_TABS)[number];

/** Days the dashboard covers, the chosen day included (the warm tier keeps 7). */
export const WEEK_DAYS = 7;

/** What the dashboard shows: the 7 days ending at `date`, optionally narrowed. `null` means "all". */
export interface WeeklyFilters {
  /** The last day shown, `YYYY-MM-DD` Korea time. */
  readonly date: string;
  readonly ageBand: AgeBand | null;
  readonly gender: Gender | null;
  /** Narrows the counters only: dwell times, price bands and search ranks have no region. */
  readonly region: RegionCode | null;
}

const orAll = <T extends string>(values: readonly T[]) => Type.Optional(Type.Union([Type.Literal(''), ...values.map((v) => Type.Literal(v))]));

/** Query string of the page, the JSON endpoint and the CSV downloads; an empty value means "all". */
export const WeeklyQuerySchema = Type.Object(
  {
    date: Type.Optional(Type.String({ pattern: '^(\\d{4}-\\d{2}-\\d{2})?$' })),
    age: orAll(AGE_BANDS.map(String)),
    gender: orAll(GENDERS),
    region: orAll(REGION_CODES),
    tab: orAll(WEEKLY_TABS),
  },
  { additionalProperties: false },
);
export type WeeklyQuery = Static<typeof WeeklyQuerySchema>;

/**
 * The filters of a checked query; the day defaults to yesterday in Korea time (the warm tier's newest day).
 * @throws InfraError `ValidationFailed` (HTTP 400, from `addDays`) for a day that does not exist (`2026-02-30`)
 */
export function parseWeeklyFilters(query: WeeklyQuery, now: Date = new Date()): WeeklyFilters {
  const date = query.date || addDays(seoulDate(now), -1);
  addDays(date, 0); // throws for a day that does not exist
  return {
    date,
    ageBand: query.age ? (Number(query.age) as AgeBand) : null,
    gender: query.gender || null,
    region: query.region || null,
  };
}

/** The 7 days shown, oldest first. */
export function weekDays(filters: WeeklyFilters): string[] {
  return Array.from({ length: WEEK_DAYS }, (_, i) => addDays(filters.date, i - (WEEK_DAYS - 1)));
}

/** The filters as query parameters (the day always explicit, "all" left out), without the `?`. */
export function weeklyFilterQuery(filters: WeeklyFilters): string {
  const params = new URLSearchParams({ date: filters.date });
  if (filters.ageBand !== null) params.set('age', String(filters.ageBand));
  if (filters.gender) params.set('gender', filters.gender);
  if (filters.region) params.set('region', filters.region);
  return params.toString();
}

/** The filters for a file name: `2026-11-25`, `2026-11-25_W_a20_seoul`. */
export function weeklyFilterSlug(filters: WeeklyFilters): string {
  const parts = [filters.date];
  if (filters.gender) parts.push(filters.gender);
  if (filters.ageBand !== null) parts.push(`a${filters.ageBand}`);
  if (filters.region) parts.push(filters.region);
  return parts.join('_');
}

/** The filters in Korean for headings: `2026-11-19 – 2026-11-25 · 여성 · 20대 · 서울`. */
export function describeWeeklyFilters(filters: WeeklyFilters): string {
  const days = weekDays(filters);
  const parts = [`${days[0] ?? ''} – ${filters.date}`];
  if (filters.gender) parts.push(genderName(filters.gender));
  if (filters.ageBand !== null) parts.push(ageName(filters.ageBand));
  if (filters.region) parts.push(regionName(filters.region));
  return parts.join(' · ');
}
