/**
 * The transform of one raw partition (one shop's JSON lines): each row checked, normalised and sized, noise
 * and bad rows set aside with their reason, and the shop's own repeats merged. The Spark job's map side;
 * the cross-shop merge is {@link dedupeProducts} over every partition's output.
 */
import type { CleanProduct } from '../clean-product';
import { dedupeProducts } from './dedupe-products';
import { REJECT_REASONS, transformRow, type RejectedRow, type RejectReason } from './transform-row';

/** Counts of a transform. */
export interface TransformCounts {
  /** Rows read (non-empty lines). */
  readonly rows: number;
  /** Products out (after merging the partition's own repeats). */
  readonly products: number;
  /** Rows rejected, all reasons. */
  readonly rejected: number;
  /** Rows rejected, by reason. */
  readonly byReason: Readonly<Record<RejectReason, number>>;
  /** Listings seen twice in the partition. */
  readonly repeatedItems: number;
}

/** Output of {@link transformPartition}. */
export interface PartitionTransform {
  readonly products: CleanProduct[];
  readonly rejects: RejectedRow[];
  readonly counts: TransformCounts;
}

/** Zeroed counts per reject reason. */
export function emptyReasonCounts(): Record<RejectReason, number> {
  return Object.fromEntries(REJECT_REASONS.map((r) => [r, 0])) as Record<RejectReason, number>;
}

/** Transforms the JSON lines of one raw partition. */
export function transformPartition(jsonLines: string): PartitionTransform {
  const byReason = emptyReasonCounts();
  const rejects: RejectedRow[] = [];
  const products: CleanProduct[] = [];
  let rows = 0;
  for (const line of jsonLines.split('\n')) {
    if (line.trim().length === 0) continue;
    rows++;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (err) {
      byReason.schema++;
      rejects.push({ reason: 'schema', detail: `not JSON: ${(err as Error).message}`, row: line.slice(0, 2000) });
      continue;
    }
    const result = transformRow(value);
    if (result.ok) products.push(result.product);
    else {
      byReason[result.reject.reason]++;
      rejects.push(result.reject);
    }
  }
  const merged = dedupeProducts(products);
  return {
    products: merged.products,
    rejects,
    counts: { rows, products: merged.products.length, rejected: rejects.length, byReason, repeatedItems: merged.repeatedItems },
  };
}
