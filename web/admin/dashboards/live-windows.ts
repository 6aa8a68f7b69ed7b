/**
 * Which Redis keys the live dashboard reads for a set of filters — the totals hash, the time slots of the
 * time charts, and the search-ranking windows and dimensions. Pure: the reader only executes this plan.
 *
 * Korea time has no daylight saving (since 1988), so wall-clock minutes are counted as plain UTC arithmetic
 * on the `YYYY-MM-DDTHH:mm` strings the aggregator writes.
 */
import { AGE_BANDS, type AgeBand } from '../../../domain/age-band';
import { seoulMinute } from '../../../domain/korea-time';
import { GENDERS, type Gender } from '../../../domain/gender';
import { aggKey, type RankDimension } from '../../../infra/hot-tier-keys';
import { rankDimensionOf, rankLabelOf, type RankSource } from '../../search-ranks/rank-keys';
import type { LiveFilters } from './live-filters';

const MINUTE_MS = 60_000;

export { seoulMinute };

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** One point of a time chart: its label and the aggregate hash that holds it. */
export interface TimeSlot {
  /** `09시` (hours of the day) or `09:05` (5-minute windows of the chosen hour). */
  readonly label: string;
  /** `agg:1h:<day>T<HH>` or `agg:5m:<day>T<HH>:<mm>`. */
  readonly key: string;
}

/**
 * The slots of the time charts: the day's hours, or the chosen hour's twelve 5-minute windows. For today the
 * slots stop at the current one (a future hour would read as a drop to zero); a later hour of today keeps
 * all twelve.
 */
export function timeSlotsOf(filters: LiveFilters, now: Date): TimeSlot[] {
  const current = seoulMinute(now);
  const { date, hour } = filters;
  const slots =
    hour === null
      ? Array.from({ length: 24 }, (_, h) => ({ start: `${date}T${pad2(h)}:00`, label: `${pad2(h)}시`, key: aggKey('1h', `${date}T${pad2(h)}`) }))
      : Array.from({ length: 12 }, (_, i) => {
          const minute = `${date}T${pad2(hour)}:${pad2(i * 5)}`;
          return { start: minute, label: minute.slice(11), key: aggKey('5m', minute) };
        });
  const started = slots.filter((s) => s.start <= current);
  return (started.length > 0 ? started : slots).map(({ label, key }) => ({ label, key }));
}

/** The hash the non-time charts count: the day (`agg:1d:<day>`) or the chosen hour (`agg:1h:<day>T<HH>`). */
export function totalKeyOf(filters: LiveFilters): string {
  return filters.hour === null ? aggKey('1d', filters.date) : aggKey('1h', `${filters.date}T${pad2(filters.hour)}`);
}

/** `count` consecutive minutes ending with `last` (`YYYY-MM-DDTHH:mm`), oldest first. */
export function minutesEndingAt(last: string, count: number): string[] {
  const end = Date.parse(`${last}:00Z`);
  return Array.from({ length: count }, (_, i) => new Date(end - (count - 1 - i) * MINUTE_MS).toISOString().slice(0, 16));
}

/** A ranking dimension with the labels of its table row. */
export interface RankRow {
  readonly dim: RankDimension;
  readonly gender: Gender | null;
  readonly ageBand: AgeBand | null;
  /** `전체`, `여성`, `여성 20대`, `20대`. */
  readonly label: string;
}

function rankRow(gender: Gender | null, ageBand: AgeBand | null): RankRow {
  return { dim: rankDimensionOf(gender, ageBand), gender, ageBand, label: rankLabelOf(gender, ageBand) };
}

/**
 * The rankings shown for the filters, gender first then age band; the first row is the filters' own
 * dimension (the one the top-10 charts draw). No filter: all, then each gender and its six bands (15 rows).
 * Region does not apply: the aggregator keeps no ranking per region.
 */
export function rankRowsOf(filters: LiveFilters): RankRow[] {
  const { gender, ageBand } = filters;
  if (gender && ageBand) return [rankRow(gender, ageBand)];
  if (gender) return [rankRow(gender, null), ...AGE_BANDS.map((a) => rankRow(gender, a))];
  if (ageBand) return [rankRow(null, ageBand), ...GENDERS.map((g) => rankRow(g, ageBand))];
  return [rankRow(null, null), ...GENDERS.flatMap((g) => [rankRow(g, null), ...AGE_BANDS.map((a) => rankRow(g, a))])];
}


/** The two ranking windows of the dashboard. */
export interface RankWindows {
  /** The day (or, with an hour filter, that hour's 60 minutes). */
  readonly main: { readonly label: string; readonly source: RankSource };
  /** The 60 minutes up to now (today) or up to the day's end (another day). */
  readonly recent: { readonly label: string; readonly source: RankSource };
}

/** The ranking windows for the filters at `now`. */
export function rankWindowsOf(filters: LiveFilters, now: Date): RankWindows {
  const current = seoulMinute(now);
  const last = current.startsWith(filters.date) ? current : `${filters.date}T23:59`;
  const recent = minutesEndingAt(last, 60);
  const recentLabel = `최근 60분 (${recent[0]?.slice(11) ?? ''}–${last.slice(11)})`;
  const main: RankWindows['main'] =
    filters.hour === null
      ? { label: current.startsWith(filters.date) ? '오늘' : filters.date, source: { kind: 'day', date: filters.date } }
      : { label: `${pad2(filters.hour)}시`, source: { kind: 'minutes', minutes: minutesEndingAt(`${filters.date}T${pad2(filters.hour)}:59`, 60) } };
  return { main, recent: { label: recentLabel, source: { kind: 'minutes', minutes: recent } } };
}
