/**
 * Turns a batch of valid user events into the Redis changes of the hot tier — pure, so the window, lateness
 * and dimension rules are unit-tested apart from Kafka and Redis, and the changes of a whole batch are
 * combined before they are applied in one atomic step.
 *
 * Windows are tumbling, by event time in Korea time: 1 minute, 5 minutes, 1 hour and the day. The watermark
 * is the latest event time seen on the partition; an event more than `graceMs` older than the watermark is
 * late: it is counted in the `late` statistic only.
 */
import type { LogEvent } from '../../domain/events';
import { seoulWallClock } from '../../domain/korea-time';
import { AGG_STATE, aggField, aggKey, searchRankKey, searchRankMinuteKey, type RankDimension } from '../../infra/contracts';

/** A change set keyed by Redis key, then by field or member. */
export type Changes = Map<string, Map<string, number>>;

/** The Redis changes of one batch. */
export interface BatchPlan {
  /** HINCRBY key field n. */
  readonly hincr: Changes;
  /** Sorted-set ZINCRBY key member n. */
  readonly zincr: Changes;
  /** Hash "keep the minimum" key field value (e.g. the lowest unit price of a product). */
  readonly hmin: Changes;
  /** Event ids to record (and check) per de-duplication set. */
  readonly seen: Map<string, string[]>;
  /** The watermark after this batch (ms). */
  readonly watermark: number;
  /** Events counted / late, for the statistics. */
  readonly counted: number;
  readonly late: number;
}

/** Korea-time buckets of an instant. */
export interface Buckets {
  readonly minute: string;
  readonly fiveMinutes: string;
  readonly hour: string;
  readonly day: string;
}

/** Korea-time buckets of `ms` (epoch milliseconds). */
export function bucketsOf(ms: number): Buckets {
  const local = seoulWallClock(ms).toISOString(); // YYYY-MM-DDTHH:mm:ss.sss of the Korea wall clock (the Z is not the zone)
  const minute = local.slice(0, 16);
  const m5 = String(Math.floor(Number(local.slice(14, 16)) / 5) * 5).padStart(2, '0');
  return { minute, fiveMinutes: `${local.slice(0, 14)}${m5}`, hour: local.slice(0, 13), day: local.slice(0, 10) };
}

function add(changes: Changes, key: string, field: string, n: number): void {
  let fields = changes.get(key);
  if (!fields) changes.set(key, (fields = new Map<string, number>()));
  fields.set(field, (fields.get(field) ?? 0) + n);
}

function keepMin(changes: Changes, key: string, field: string, value: number): void {
  let fields = changes.get(key);
  if (!fields) changes.set(key, (fields = new Map<string, number>()));
  const cur = fields.get(field);
  if (cur === undefined || value < cur) fields.set(field, value);
}

/** The metrics (with amounts) one event contributes to every window. */
export function metricsOf(event: LogEvent): [metric: string, amount: number][] {
  switch (event.type) {
    case 'menu_click':
      return [[`menu_click:${event.data.menu}`, 1]];
    case 'logout':
      return [[`logout:${event.data.method}`, 1]];
    case 'ecopoint': {
      const s = event.data.service;
      const out: [string, number][] = [[`ecopoint:${s}`, 1], [`points:ecopoint:${s}`, event.data.points]];
      if (event.data.failCode) out.push([`ecopoint_fail:${s}`, 1]);
      return out;
    }
    case 'lesswaste_search':
      return [[`lesswaste_search:${Math.min(20, Math.max(1, Math.round(event.data.radiusKm)))}km`, 1]];
    default:
      return [[event.type, 1]];
  }
}

/** The ranking dimensions of a member (or only `all` for anonymous visitors). */
export function rankDimensions(user: LogEvent['user']): RankDimension[] {
  const dims: RankDimension[] = [{ kind: 'all' }];
  if (user.gender) dims.push({ kind: 'gender', gender: user.gender });
  if (user.ageBand) dims.push({ kind: 'age', ageBand: user.ageBand });
  if (user.gender && user.ageBand) dims.push({ kind: 'gender_age', gender: user.gender, ageBand: user.ageBand });
  return dims;
}

/** Product-click aggregates of the daily batch: `agg:product:<day>` → `<productId>|<volumeMl>|<gender>|<ageBand>`. */
export function productKey(day: string): string {
  return `agg:product:${day}`;
}

/**
 * Plans the Redis changes of `events` (already validated, in partition order).
 * @param watermark the partition's watermark before the batch (ms; 0 when new)
 * @param graceMs how far behind the watermark an event may be and still count (default 2 minutes)
 */
export function planBatch(events: readonly LogEvent[], watermark: number, graceMs = 120_000): BatchPlan {
  const hincr: Changes = new Map();
  const zincr: Changes = new Map();
  const hmin: Changes = new Map();
  const seen = new Map<string, string[]>();
  let wm = watermark;
  let counted = 0;
  let late = 0;
  // Events of a batch mostly share their minute: cut the buckets and their keys once per minute, not per event.
  let minuteOfBuckets = NaN;
  let b: Buckets = bucketsOf(0);
  let windowKeys: readonly string[] = [];
  let idsOfHour: string[] = [];
  for (const event of events) {
    const t = Date.parse(event.time);
    if (t > wm) wm = t;
    const minute = Math.floor(t / 60_000);
    if (minute !== minuteOfBuckets) {
      b = bucketsOf(t);
      minuteOfBuckets = minute;
      windowKeys = [aggKey('1m', b.minute), aggKey('5m', b.fiveMinutes), aggKey('1h', b.hour), aggKey('1d', b.day)];
      const seenKey = AGG_STATE.seen(b.hour);
      idsOfHour = seen.get(seenKey) ?? [];
      seen.set(seenKey, idsOfHour);
    }
    idsOfHour.push(event.id);
    if (t < wm - graceMs) {
      late++;
      add(hincr, AGG_STATE.stats, `late:${b.day}`, 1);
      continue;
    }
    counted++;
    add(hincr, AGG_STATE.stats, `events:${b.day}`, 1);
    const { gender, ageBand, region } = event.user;
    for (const [metric, amount] of metricsOf(event)) {
      const field = aggField(metric, gender, ageBand, region);
      for (const key of windowKeys) add(hincr, key, field, amount);
    }
    if (event.type === 'search') {
      const word = event.data.word.trim().toLowerCase();
      for (const dim of rankDimensions(event.user)) {
        add(zincr, searchRankKey(b.day, dim), word, 1);
        add(zincr, searchRankMinuteKey(b.minute, dim), word, 1);
      }
    } else if (event.type === 'product_click') {
      const field = `${event.data.productId}|${event.data.volumeMl ?? '-'}|${gender ?? '-'}|${ageBand ?? '-'}`;
      add(hincr, productKey(b.day), field, 1);
      if (event.data.unitPrice !== null) keepMin(hmin, `${productKey(b.day)}:min_unit_price`, field, event.data.unitPrice);
    }
  }
  return { hincr, zincr, hmin, seen, watermark: wm, counted, late };
}
