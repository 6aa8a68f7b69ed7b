/**
 * The hot tier's Redis key layouts: aggregate hashes per time bucket, search-word rankings, the aggregator's
 * own state. Written by the real-time aggregator, read by mypage and the dashboards — on the server and in the
 * dashboards' browser script, so this module imports nothing from Node. Part of the data contracts
 * (infra/contracts.ts re-exports it).
 */
import type { Gender } from '../domain/gender';

/** A dimension of the search-word rankings kept in Redis by the real-time aggregator. */
export type RankDimension = { readonly kind: 'all' } | { readonly kind: 'gender'; readonly gender: Gender } | { readonly kind: 'age'; readonly ageBand: number } | { readonly kind: 'gender_age'; readonly gender: Gender; readonly ageBand: number };

/**
 * Redis sorted set (member: word, score: searches) of the search-word ranking of one Korea-time day and
 * dimension: `rank:search:2026-11-25:all`, `…:g:W`, `…:a:20`, `…:ga:W:20`. Written by the aggregator, read
 * by mypage and the dashboards.
 */
export function searchRankKey(date: string, dim: RankDimension): string {
  const suffix = dim.kind === 'all' ? 'all' : dim.kind === 'gender' ? `g:${dim.gender}` : dim.kind === 'age' ? `a:${dim.ageBand}` : `ga:${dim.gender}:${dim.ageBand}`;
  return `rank:search:${date}:${suffix}`;
}

/** Time resolutions of the real-time aggregates. */
export const AGG_RESOLUTIONS = ['1m', '5m', '1h', '1d'] as const;
export type AggResolution = (typeof AGG_RESOLUTIONS)[number];

/**
 * Redis hash of the event counts of one time bucket (Korea time): `agg:1m:2026-11-25T09:15`,
 * `agg:5m:2026-11-25T09:15`, `agg:1h:2026-11-25T09`, `agg:1d:2026-11-25`. Fields are
 * {@link aggField}s; values are counts (or, for `points:*` metrics, sums of points).
 */
export function aggKey(resolution: AggResolution, bucket: string): string {
  return `agg:${resolution}:${bucket}`;
}

/** Placeholder of a missing dimension (anonymous visitors) in aggregate fields. */
export const NO_DIM = '-';

/**
 * Field of an aggregate hash: `<metric>|<gender>|<ageBand>|<region>`, e.g. `menu_click:nolabel|W|20|seoul`
 * or `search|-|-|-` for an anonymous search. Metrics are the event type, `type:sub` for menus and eco-point
 * services, and `points:ecopoint:<service>` for points granted.
 */
export function aggField(metric: string, gender: string | null, ageBand: number | null, region: string | null): string {
  return `${metric}|${gender ?? NO_DIM}|${ageBand ?? NO_DIM}|${region ?? NO_DIM}`;
}

/** Splits an {@link aggField}. */
export function parseAggField(field: string): { metric: string; gender: string; ageBand: string; region: string } {
  const [metric = '', gender = NO_DIM, ageBand = NO_DIM, region = NO_DIM] = field.split('|');
  return { metric, gender, ageBand, region };
}

/** Per-minute search ranking (for "the last 60 minutes"): `rank:search:m:2026-11-25T09:15:<dim>`. */
export function searchRankMinuteKey(minute: string, dim: RankDimension): string {
  return searchRankKey(`m:${minute}`, dim);
}

/** Redis keys of the aggregator's own state. */
export const AGG_STATE = {
  /** Hash: `<partition>` → next offset, `<partition>:wm` → watermark (max event time, ms), per topic. */
  offsets: (topic: string): string => `agg:offsets:${topic}`,
  /** Set of event ids seen in one event-time hour (de-duplicates re-sent events). */
  seen: (hour: string): string => `agg:seen:${hour}`,
  /** Hash of counters: processed, duplicates, late, dlq, per Korea-time day (`<metric>:<date>`). */
  stats: 'agg:stats',
} as const;

/** How long hot-tier keys live: 48 hours. */
export const HOT_TTL_S = 48 * 3600;
