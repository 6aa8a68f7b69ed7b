import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { OIDV4_ANCHOR_OPTIONS, ssdAnchors } from '../../../activities/images/detector/two-stage/ssd-anchors';

const anchor = (values: Float32Array, i: number): number[] => Array.from(values.subarray(4 * i, 4 * i + 4));
const close = (a: readonly number[], b: readonly number[]): boolean => a.every((v, k) => Math.abs(v - b[k]!) < 1e-5);

describe('SSD anchors (MediaPipe SsdAnchorsCalculator, OIDv4 options)', () => {
  it('gives 1917 anchors at 300 × 300: 19²·3 + (10² + 5² + 3² + 2² + 1²)·6', () => {
    const a = ssdAnchors();
    assert.equal(a.count, 19 * 19 * 3 + (100 + 25 + 9 + 4 + 1) * 6);
    assert.equal(a.count, 1917);
    assert.equal(a.values.length, 1917 * 4);
  });

  it('starts the lowest layer with scale 0.1 at ratio 1, then its scale 0.2 at ratios 2 and 0.5', () => {
    const { values } = ssdAnchors();
    const c = 0.5 / 19;
    assert.ok(close(anchor(values, 0), [c, c, 0.1, 0.1]));
    assert.ok(close(anchor(values, 1), [c, c, 0.2 * Math.SQRT2, 0.2 / Math.SQRT2]));
    assert.ok(close(anchor(values, 2), [c, c, 0.2 / Math.SQRT2, 0.2 * Math.SQRT2]));
    // The next cell to the right.
    assert.ok(close(anchor(values, 3), [1.5 / 19, c, 0.1, 0.1]));
  });

  it('gives the last layer one cell centred in the image, ending with the interpolated scale √(0.95 · 1)', () => {
    const { values, count } = ssdAnchors();
    const last = anchor(values, count - 1);
    assert.ok(close(last, [0.5, 0.5, Math.sqrt(0.95), Math.sqrt(0.95)]));
    const firstOfLast = anchor(values, count - 6);
    assert.ok(close(firstOfLast, [0.5, 0.5, 0.95, 0.95]));
  });

  it('spaces the second layer (stride 32 → 10 × 10 cells) at 0.1 with scale 0.35', () => {
    const { values } = ssdAnchors();
    const first = 19 * 19 * 3;
    assert.ok(close(anchor(values, first), [0.05, 0.05, 0.35, 0.35]));
    // 6 boxes per cell: the interpolated one has scale √(0.35 · 0.5).
    assert.ok(close(anchor(values, first + 5), [0.05, 0.05, Math.sqrt(0.35 * 0.5), Math.sqrt(0.35 * 0.5)]));
    assert.ok(close(anchor(values, first + 6), [0.15, 0.05, 0.35, 0.35]));
  });

  it('refuses options with fewer strides than layers', () => {
    assert.throws(() => ssdAnchors({ ...OIDV4_ANCHOR_OPTIONS, strides: [16] }), RangeError);
  });
});
