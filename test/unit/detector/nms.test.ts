import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { boxIou, nonMaxSuppression } from '../../../activities/images/detector/nms';

/** Rows of (cx, cy, w, h, obj, plastic, label, can). */
function rows(...r: number[][]): Float32Array {
  return Float32Array.from(r.flat());
}

describe('non-maximum suppression', () => {
  it('computes IoU of overlapping, disjoint and identical boxes', () => {
    const a = { x1: 0, y1: 0, x2: 10, y2: 10 };
    assert.ok(Math.abs(boxIou(a, { x1: 5, y1: 0, x2: 15, y2: 10 }) - 1 / 3) < 1e-9);
    assert.equal(boxIou(a, { x1: 20, y1: 20, x2: 30, y2: 30 }), 0);
    assert.ok(Math.abs(boxIou(a, a) - 1) < 1e-9);
  });

  it('uses objectness times class score as the confidence and picks the best class', () => {
    const [d] = nonMaxSuppression(rows([50, 50, 20, 20, 0.8, 0.1, 0.9, 0.2]), 8);
    assert.equal(d?.classId, 1);
    assert.ok(Math.abs((d?.confidence ?? 0) - 0.8 * Math.fround(0.9)) < 1e-7);
    assert.deepEqual(d?.box, { x1: 40, y1: 40, x2: 60, y2: 60 });
  });

  it('drops rows whose objectness or confidence is not above the threshold', () => {
    const out = nonMaxSuppression(
      rows([50, 50, 20, 20, 0.25, 1, 0, 0], [50, 50, 20, 20, 0.9, 0.27, 0, 0], [150, 50, 20, 20, 0.9, 0.5, 0, 0]),
      8,
    );
    assert.equal(out.length, 1);
    assert.equal(out[0]?.box.x1, 140);
  });

  it('suppresses a less confident box of the same class that overlaps by more than IoU 0.45', () => {
    const out = nonMaxSuppression(rows([50, 50, 20, 20, 0.9, 1, 0, 0], [52, 50, 20, 20, 0.8, 1, 0, 0]), 8);
    assert.equal(out.length, 1);
    assert.ok(Math.abs(out[0]!.confidence - Math.fround(0.9)) < 1e-7);
  });

  it('keeps an overlapping box at IoU 0.45 and suppresses one just above it (the default threshold)', () => {
    // Two 29x20 boxes shifted by 11 px: intersection 18x20, union 40x20, IoU 360 / 800 = 0.45.
    const at = nonMaxSuppression(rows([50, 50, 29, 20, 0.9, 1, 0, 0], [61, 50, 29, 20, 0.8, 1, 0, 0]), 8);
    assert.ok(Math.abs(boxIou(at[0]!.box, at[1]!.box) - 0.45) < 1e-9, 'the pair overlaps at IoU 0.45');
    assert.equal(at.length, 2);
    // Shifted by 10.98 px: IoU 18.02 / 39.98 = 0.4507.
    const above = nonMaxSuppression(rows([50, 50, 29, 20, 0.9, 1, 0, 0], [60.98, 50, 29, 20, 0.8, 1, 0, 0]), 8);
    assert.equal(above.length, 1);
    assert.ok(Math.abs(above[0]!.confidence - Math.fround(0.9)) < 1e-7, 'the more confident box stays');
  });

  it('never lets boxes of different classes suppress each other', () => {
    const out = nonMaxSuppression(rows([50, 50, 20, 20, 0.9, 1, 0, 0], [50, 50, 20, 20, 0.9, 0, 1, 0]), 8);
    assert.deepEqual(out.map((d) => d.classId).sort(), [0, 1]);
  });

  it('returns detections most confident first, keeping row order on ties, capped at maxDetections', () => {
    const out = nonMaxSuppression(
      rows([10, 10, 4, 4, 0.6, 1, 0, 0], [30, 10, 4, 4, 0.9, 0, 0, 1], [50, 10, 4, 4, 0.6, 1, 0, 0], [70, 10, 4, 4, 0.7, 0, 1, 0]),
      8,
      { maxDetections: 3 },
    );
    assert.deepEqual(out.map((d) => d.box.x1), [28, 68, 8]);
  });

  it('honours custom thresholds', () => {
    const r = rows([50, 50, 20, 20, 0.9, 1, 0, 0], [52, 50, 20, 20, 0.8, 1, 0, 0]);
    assert.equal(nonMaxSuppression(r, 8, { iouThreshold: 0.9 }).length, 2);
    assert.equal(nonMaxSuppression(r, 8, { confThreshold: 0.85 }).length, 1);
  });

  it('refuses rows that do not divide into the row length', () => {
    assert.throws(() => nonMaxSuppression(new Float32Array(9), 8), RangeError);
  });
});
