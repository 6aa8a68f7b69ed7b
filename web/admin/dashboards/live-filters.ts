/**
 * The live dashboard's filters — Korea-time day, hour, age band, gender, region — as they arrive in a query
 * string (checked by {@link LiveQuerySchema}), as the dashboard uses them, and as they go back into links and
 * CSV file names. Pure.
 */
import { Type, type Static } from '@sinclair/typebox';
import { AGE_BANDS, ageBandLabel, seoulDate, type AgeBand } from '../../../domain/age-band';
import { InfraError } from '../../../domain/errors';
import { REGIONS, REGION_CODES, type RegionCode } from '../../../domain/regions';
import { GENDERS, genderName, type Gender } from '../../../domain/gender';

/** The dashboard's tabs, in order (SPEC §2: In/Out, Menu, Eco point, No label). */
export const LIVE_TABS = ['inout', 'menu', 'ecopoint', 'nolabel'] as const;
export type LiveTabId = (typeof LIVE_TABS)[number];

/** Korean label of an age band (re-exported so views need one import). */
export function ageName(band: AgeBand): string {
  return ageBandLabel(band);
}

/** Korean label of a region code. */
export function regionName(region: RegionCode): string {
  return REGIONS[region];
}

/** What the dashboard shows: one Korea-time day, optionally narrowed. `null` means "all". */
export interface LiveFilters {
  /** `YYYY-MM-DD`, Korea time. */
  readonly date: string;
  /** 0–23: the non-time charts count that hour only and the time charts show its 5-minute windows. */
  readonly hour: number | null;
  readonly ageBand: AgeBand | null;
  readonly gender: Gender | null;
  readonly region: RegionCode | null;
}

const orAll = <T extends string>(values: readonly T[]) => Type.Optional(Type.Union([Type.Literal(''), ...values.map((v) => Type.Literal(v))]));

/**
 * Query string of the page, the JSON endpoint and the CSV downloads. An empty value means "all" (what a
 * filter form sends for an unselected option).
 */
export const LiveQuerySchema = Type.Object(
  {
    date: Type.Optional(Type.String({ pattern: '^(\\d{4}-\\d{2}-\\d{2})?$' })),
    hour: Type.Optional(Type.String({ pattern: '^([01]?\\d|2[0-3])?$' })),
    age: orAll(AGE_BANDS.map(String)),
    gender: orAll(GENDERS),
    region: orAll(REGION_CODES),
    tab: orAll(LIVE_TABS),
  },
  { additionalProperties: false },
);
export type LiveQuery = Static<typeof LiveQuerySchema>;

/** True when `date` (`YYYY-MM-DD`) is a real calendar day. */
function isCalendarDate(date: string): boolean {
  const d = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === date;
}

/**
 * The filters of a checked query; the day defaults to today in Korea time.
 * @throws InfraError `ValidationFailed` (HTTP 400) for a day that does not exist (`2026-02-30`)
 */
export function parseLiveFilters(query: LiveQuery, now: Date = new Date()): LiveFilters {
  const date = query.date || seoulDate(now);
  if (!isCalendarDate(date)) throw new InfraError('ValidationFailed', `No such day: ${date}.`, { date });
  return {
    date,
    hour: query.hour ? Number(query.hour) : null,
    ageBand: query.age ? (Number(query.age) as AgeBand) : null,
    gender: query.gender || null,
    region: query.region || null,
  };
}

/** True when any of gender, age band or region is chosen (anonymous visitors then drop out). */
export function hasDemographicFilter(filters: LiveFilters): boolean {
  return filters.gender !== null || filters.ageBand !== null || filters.region !== null;
}

/** The filters as query parameters (the day always explicit, "all" left out), without the `?`. */
export function filterQuery(filters: LiveFilters): string {
  const params = new URLSearchParams({ date: filters.date });
  if (filters.hour !== null) params.set('hour', String(filters.hour));
  if (filters.ageBand !== null) params.set('age', String(filters.ageBand));
  if (filters.gender) params.set('gender', filters.gender);
  if (filters.region) params.set('region', filters.region);
  return params.toString();
}

/** The filters for a file name: `2026-11-25`, `2026-11-25_h09_W_a20_seoul`. */
export function filterSlug(filters: LiveFilters): string {
  const parts = [filters.date];
  if (filters.hour !== null) parts.push(`h${String(filters.hour).padStart(2, '0')}`);
  if (filters.gender) parts.push(filters.gender);
  if (filters.ageBand !== null) parts.push(`a${filters.ageBand}`);
  if (filters.region) parts.push(filters.region);
  return parts.join('_');
}

/** The filters in Korean for headings: `2026-11-25 · 09시 · 여성 · 20대 · 서울`. */
export function describeFilters(filters: LiveFilters): string {
  const parts = [filters.date];
  if (filters.hour !== null) parts.push(`${String(filters.hour).padStart(2, '0')}시`);
  if (filters.gender) parts.push(genderName(filters.gender));
  if (filters.ageBand !== null) parts.push(ageName(filters.ageBand));
  if (filters.region) parts.push(regionName(filters.region));
  return parts.join(' · ');
}
