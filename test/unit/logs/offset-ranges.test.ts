import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { planOffsetRanges } from '../../../activities/logs/offset-ranges';

const at = (...offsets: number[]) => offsets.map((offset, partition) => ({ partition, offset: String(offset) }));
const bounds = (...lh: [number, number][]) => lh.map(([low, high], partition) => ({ partition, low: String(low), high: String(high) }));

describe('planOffsetRanges', () => {
  it('reads from the start lookup to the end lookup of every partition, skipping empty ones', () => {
    const plan = planOffsetRanges(at(10, 5, 7), at(20, 5, 9), bounds([0, 30], [0, 5], [0, 9]));
    assert.deepEqual(plan.ranges, [
      { partition: 0, from: '10', to: '20' },
      { partition: 2, from: '7', to: '9' },
    ]);
    assert.equal(plan.messages, 12);
    assert.deepEqual(plan.possiblyTruncated, []);
  });

  it('flags a partition whose window starts at the oldest retained message after older ones were deleted', () => {
    const plan = planOffsetRanges(at(100, 40), at(150, 60), bounds([100, 200], [0, 80]));
    assert.deepEqual(plan.possiblyTruncated, [0]);
    assert.equal(plan.messages, 70);
  });

  it('never reads outside what the topic retains', () => {
    const plan = planOffsetRanges(at(3), at(99), bounds([5, 50]));
    assert.deepEqual(plan.ranges, [{ partition: 0, from: '5', to: '50' }]);
  });
});
