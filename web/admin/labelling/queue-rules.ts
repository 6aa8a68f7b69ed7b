/**
 * The labelling queue's rules, pure (unit-tested): which eco point 1 samples need a person, by source —
 * - `unsure`: the model saw something with a confidence inside a band (default 0.3–0.7) and nobody reviewed it;
 * - `appealed`: the member appealed the verdict (`review: 'pending'`);
 * - `random`: a few other recent uploads a day, picked by a stable hash of id and day, so that the queue also
 *   sees what the model was sure about (sure and wrong is what hurts most);
 * and how one page is cut out of the sources one after the other (`all`).
 */
import { stableUnit } from '../../../domain/stable-hash';

/** Where a sample in the queue comes from. */
export type QueueSource = 'unsure' | 'appealed' | 'random';
/** The sources in the order the `all` view lists them (appeals first: a member is waiting). */
export const QUEUE_SOURCES: readonly QueueSource[] = ['appealed', 'unsure', 'random'];
/** What the queue page can show: one source, all three, or what was reviewed already. */
export type QueueView = QueueSource | 'all' | 'reviewed';
/** Every view, in the order of the page's tabs. */
export const QUEUE_VIEWS: readonly QueueView[] = ['all', 'appealed', 'unsure', 'random', 'reviewed'];

/** A confidence band, both ends included. */
export interface ConfidenceBand {
  readonly lo: number;
  readonly hi: number;
}

/** The default band: the model was neither sure it saw something nor sure it did not. */
export const DEFAULT_BAND: ConfidenceBand = { lo: 0.3, hi: 0.7 };

/** Samples the random source picks per Korea day. */
export const RANDOM_PER_DAY = 5;
/** Days of uploads (ending with the day itself) the random source picks from. */
export const RANDOM_WINDOW_DAYS = 7;

/**
 * The band from the query's `lo` and `hi` (strings in [0, 1], either may be missing); the ends are swapped when
 * given the wrong way round.
 */
export function bandOf(lo: string | undefined, hi: string | undefined): ConfidenceBand {
  const read = (v: string | undefined, fallback: number): number => {
    const n = v === undefined || v === '' ? fallback : Number(v);
    return Number.isFinite(n) ? Math.min(1, Math.max(0, n)) : fallback;
  };
  const a = read(lo, DEFAULT_BAND.lo);
  const b = read(hi, DEFAULT_BAND.hi);
  return { lo: Math.min(a, b), hi: Math.max(a, b) };
}

/** True when any detection's confidence lies in `band`. */
export function hasDetectionInBand(detections: readonly { readonly confidence: number }[] | null | undefined, band: ConfidenceBand): boolean {
  return (detections ?? []).some((d) => d.confidence >= band.lo && d.confidence <= band.hi);
}

/** The stable rank of sample `id` on Korea day `day` (`YYYY-MM-DD`): the lowest ranks are picked. */
export function dailyRank(id: string, day: string): number {
  return stableUnit(`pick:${day}:${id}`);
}

/**
 * The `count` ids of `ids` with the lowest {@link dailyRank} on `day`, lowest first: the same on every call of
 * the day, another set the next day, whatever the order of `ids`.
 */
export function pickDaily(ids: readonly string[], day: string, count: number = RANDOM_PER_DAY): string[] {
  return [...new Set(ids)]
    .map((id) => ({ id, rank: dailyRank(id, day) }))
    .sort((a, b) => a.rank - b.rank || (a.id < b.id ? -1 : 1))
    .slice(0, Math.max(0, count))
    .map((p) => p.id);
}

/** One part of a page cut from a list of sources: take `limit` items of `source` after skipping `skip`. */
export interface SourceSlice<S extends string> {
  readonly source: S;
  readonly skip: number;
  readonly limit: number;
}

/**
 * The slices of the sources (in the order given, each with its count) that make up the items at
 * `offset … offset + limit − 1` of their concatenation.
 */
export function pageSlices<S extends string>(counts: readonly { readonly source: S; readonly count: number }[], offset: number, limit: number): SourceSlice<S>[] {
  const slices: SourceSlice<S>[] = [];
  let skip = Math.max(0, offset);
  let left = Math.max(0, limit);
  for (const { source, count } of counts) {
    if (left === 0) break;
    if (skip >= count) {
      skip -= count;
      continue;
    }
    const take = Math.min(left, count - skip);
    slices.push({ source, skip, limit: take });
    left -= take;
    skip = 0;
  }
  return slices;
}

/** Start (inclusive) and end (exclusive) instants of the random source's window ending with Korea day `day`. */
export function randomWindow(day: string, days: number = RANDOM_WINDOW_DAYS): { readonly from: Date; readonly to: Date } {
  const endOfDay = Date.parse(`${day}T00:00:00+09:00`) + 86_400_000;
  return { from: new Date(endOfDay - days * 86_400_000), to: new Date(endOfDay) };
}
