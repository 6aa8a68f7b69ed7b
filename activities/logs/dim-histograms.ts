/**
 * Histograms per gender × age band — the shape the warm tier keeps for distributions computed from the
 * cold tier's raw events (dwell times, product clicks by price band). Pure.
 */
import type { Gender } from '../../domain/gender';

/** One measured value, its bucket and the member's dimensions (null: anonymous / unknown). */
export interface DimValue {
  /** Bucket index, 0 … size − 1. */
  readonly bucket: number;
  /** Added to the histogram's `total`. */
  readonly value: number;
  readonly gender: Gender | null;
  readonly ageBand: number | null;
}

/** The histogram of one gender × age band. */
export interface DimHistogram {
  readonly gender: Gender | null;
  readonly ageBand: number | null;
  /** Counts per bucket. */
  readonly buckets: number[];
  readonly count: number;
  /** Sum of the values (for averages). */
  readonly total: number;
}

/**
 * Buckets `values` per gender × age band, ordered by gender then age band (nulls last).
 * @param size number of buckets
 */
export function bucketByDims(values: readonly DimValue[], size: number): DimHistogram[] {
  const byDims = new Map<string, { gender: Gender | null; ageBand: number | null; buckets: number[]; count: number; total: number }>();
  for (const v of values) {
    const key = `${v.gender ?? '~'}|${v.ageBand === null ? '~' : String(v.ageBand).padStart(3, '0')}`;
    let h = byDims.get(key);
    if (!h) byDims.set(key, (h = { gender: v.gender, ageBand: v.ageBand, buckets: new Array<number>(size).fill(0), count: 0, total: 0 }));
    h.buckets[v.bucket] = (h.buckets[v.bucket] ?? 0) + 1;
    h.count += 1;
    h.total += v.value;
  }
  return [...byDims.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, h]) => h);
}
