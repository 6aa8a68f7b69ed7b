/**
 * Offset ranges of a topic between two produce-time lookups — pure, so the edge cases (empty partitions,
 * retention that already deleted the start) are unit-tested apart from Kafka.
 */

/** Messages `[from, to)` of one partition; offsets as decimal strings, as kafkajs gives them. */
export interface OffsetRange {
  readonly partition: number;
  readonly from: string;
  readonly to: string;
}

/** One partition's offset (as kafkajs' admin answers). */
export interface PartitionOffset {
  readonly partition: number;
  readonly offset: string;
}

/** Where the topic's retained data starts and ends, per partition. */
export interface PartitionBounds {
  readonly partition: number;
  readonly low: string;
  readonly high: string;
}

/** The ranges to read, and which partitions may have lost part of the window to retention. */
export interface OffsetPlan {
  /** Non-empty ranges, by partition. */
  readonly ranges: OffsetRange[];
  /** Messages in all ranges. */
  readonly messages: number;
  /**
   * Partitions whose window starts at the oldest retained message although older ones were deleted: the
   * window's first messages may be among the deleted (Kafka's lookup cannot tell).
   */
  readonly possiblyTruncated: number[];
}

/**
 * Ranges from `starts` (first offset produced at or after the window's start, per partition) to `ends` (the
 * same for the window's end; the high watermark when nothing was produced after it).
 */
export function planOffsetRanges(starts: readonly PartitionOffset[], ends: readonly PartitionOffset[], bounds: readonly PartitionBounds[]): OffsetPlan {
  const endOf = new Map(ends.map((e) => [e.partition, BigInt(e.offset)]));
  const boundsOf = new Map(bounds.map((b) => [b.partition, { low: BigInt(b.low), high: BigInt(b.high) }]));
  const ranges: OffsetRange[] = [];
  const possiblyTruncated: number[] = [];
  let messages = 0n;
  for (const start of [...starts].sort((a, b) => a.partition - b.partition)) {
    const b = boundsOf.get(start.partition);
    let from = BigInt(start.offset);
    let to = endOf.get(start.partition) ?? b?.high ?? from;
    if (b) {
      if (from < b.low) from = b.low;
      if (to > b.high) to = b.high;
      if (from === b.low && b.low > 0n) possiblyTruncated.push(start.partition);
    }
    if (to > from) {
      ranges.push({ partition: start.partition, from: from.toString(), to: to.toString() });
      messages += to - from;
    }
  }
  return { ranges, messages: Number(messages), possiblyTruncated };
}
