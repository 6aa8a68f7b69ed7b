import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { partitionsBehind, type PartitionProgress } from '../../../activities/logs/aggregator-progress';

const DAY_END = Date.parse('2026-11-26T00:00:00+09:00');
const LATER = DAY_END + 600_000;
const p = (partition: number, fields: Partial<PartitionProgress>): PartitionProgress => ({ partition, low: 0, high: 100, ...fields });

describe('partitionsBehind (is the aggregator past the day?)', () => {
  it('passes a partition whose watermark reached the day’s end, and holds one whose watermark did not', () => {
    const behind = partitionsBehind([p(0, { nextOffset: 90, watermark: DAY_END }), p(1, { nextOffset: 90, watermark: DAY_END - 1 })], DAY_END, LATER);
    assert.deepEqual(behind.map((b) => b.partition), [1]);
  });

  it('passes a partition the aggregator has read to its end, whatever its watermark (a quiet partition)', () => {
    assert.deepEqual(partitionsBehind([p(0, { nextOffset: 100, watermark: DAY_END - 3_600_000 })], DAY_END, LATER), []);
  });

  it('passes an empty partition and holds one the aggregator never read', () => {
    assert.deepEqual(partitionsBehind([p(0, { low: 40, high: 40 })], DAY_END, LATER), []);
    assert.deepEqual(partitionsBehind([p(1, {})], DAY_END, LATER).map((b) => b.partition), [1]);
  });

  it('holds every partition before the day’s end, even one read to its end: more of the day may come', () => {
    const parts = [p(0, { nextOffset: 100, watermark: DAY_END - 60_000 }), p(1, { low: 40, high: 40 })];
    assert.deepEqual(partitionsBehind(parts, DAY_END, DAY_END - 1).map((b) => b.partition), [0, 1]);
    assert.deepEqual(partitionsBehind(parts, DAY_END, DAY_END), []);
  });

  it('holds a partition with unread messages and no watermark', () => {
    assert.deepEqual(partitionsBehind([p(2, { nextOffset: 99 })], DAY_END, LATER).map((b) => b.partition), [2]);
  });
});
