/**
 * The real-time aggregate hashes (`agg:<res>:<bucket>`, fields `<metric>|<gender>|<ageBand>|<region>`, see
 * `aggField()` in infra/contracts.ts) as typed rows, narrowed by the dashboard's filters, and the sums the
 * charts are made of. Pure.
 */
import { AGE_BANDS, type AgeBand } from '../../../domain/age-band';
import { isRegionCode, type RegionCode } from '../../../domain/regions';
import { NO_DIM, parseAggField } from '../../../infra/hot-tier-keys';
import type { LiveFilters } from './live-filters';
import type { Gender } from '../../../domain/gender';

/** An `HGETALL` reply: field → count (or sum of points) as text. */
export type AggHash = Readonly<Record<string, string>>;

/** One field of an aggregate hash. Dimensions are null for anonymous visitors. */
export interface AggRow {
  readonly metric: string;
  readonly gender: Gender | null;
  readonly ageBand: AgeBand | null;
  readonly region: RegionCode | null;
  readonly value: number;
}

function genderOf(text: string): Gender | null {
  return text === 'M' || text === 'W' ? text : null;
}

function ageBandOf(text: string): AgeBand | null {
  const n = Number(text);
  return text !== NO_DIM && (AGE_BANDS as readonly number[]).includes(n) ? (n as AgeBand) : null;
}

/** The rows of a hash; fields with a value that is not a number are skipped. */
export function aggRows(hash: AggHash): AggRow[] {
  const rows: AggRow[] = [];
  for (const [field, text] of Object.entries(hash)) {
    const value = Number(text);
    if (!Number.isFinite(value)) continue;
    const f = parseAggField(field);
    rows.push({ metric: f.metric, gender: genderOf(f.gender), ageBand: ageBandOf(f.ageBand), region: isRegionCode(f.region) ? f.region : null, value });
  }
  return rows;
}

/** The rows of the chosen gender, age band and region (anonymous rows drop out once any is chosen). */
export function filterRows(rows: readonly AggRow[], filters: LiveFilters): AggRow[] {
  return rows.filter(
    (r) => (filters.gender === null || r.gender === filters.gender) && (filters.ageBand === null || r.ageBand === filters.ageBand) && (filters.region === null || r.region === filters.region),
  );
}

/** Selects metrics: an exact name, or a prefix ending in `:` (e.g. `logout:` for every method). */
export type MetricMatch = string | readonly string[];

/** True when `metric` is (one of) `match`, a `…:` entry matching every sub-metric. */
export function metricMatches(metric: string, match: MetricMatch): boolean {
  const list = typeof match === 'string' ? [match] : match;
  return list.some((m) => (m.endsWith(':') ? metric.startsWith(m) : metric === m));
}

/** Sum of the values of `match` in `rows`. */
export function sumOf(rows: readonly AggRow[], match: MetricMatch): number {
  let sum = 0;
  for (const r of rows) if (metricMatches(r.metric, match)) sum += r.value;
  return sum;
}

/** Sums of `match` grouped by `keyOf` (a dimension of the row). */
export function sumBy(rows: readonly AggRow[], match: MetricMatch, keyOf: (row: AggRow) => string): Map<string, number> {
  const sums = new Map<string, number>();
  for (const r of rows) {
    if (!metricMatches(r.metric, match)) continue;
    const key = keyOf(r);
    sums.set(key, (sums.get(key) ?? 0) + r.value);
  }
  return sums;
}

/** `part / whole` as a percentage with one decimal; 0 when `whole` is 0. */
export function percent(part: number, whole: number): number {
  return whole > 0 ? Math.round((part / whole) * 1000) / 10 : 0;
}
