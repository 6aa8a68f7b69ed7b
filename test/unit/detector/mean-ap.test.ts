import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { averagePrecision, meanAveragePrecision } from '../../../activities/images/detector/mean-ap';
import { parseYoloLabels } from '../../../activities/images/detector/evaluate-split';

const box = (x1: number, y1: number, x2: number, y2: number) => ({ x1, y1, x2, y2 });

describe('mAP@0.5', () => {
  it('is 0.995, the ceiling of YOLOv5 AP, when every box is found with no false positive', () => {
    const gt = [[{ classId: 0, box: box(0, 0, 10, 10) }], [{ classId: 1, box: box(5, 5, 20, 20) }]];
    const pred = gt.map((g) => g.map((t) => ({ ...t, confidence: 0.9 })));
    const r = meanAveragePrecision(pred, gt, 3);
    assert.ok(Math.abs(r.map - 0.995) < 1e-9, String(r.map));
    assert.deepEqual(r.apPerClass.map((a) => (a === null ? null : Math.round(a * 1000) / 1000)), [0.995, 0.995, null]);
  });

  it('counts a box below IoU 0.5 or of the wrong class as a miss', () => {
    const gt = [[{ classId: 0, box: box(0, 0, 10, 10) }]];
    assert.equal(meanAveragePrecision([[{ classId: 0, box: box(6, 0, 16, 10), confidence: 0.9 }]], gt, 1).map, 0);
    assert.equal(meanAveragePrecision([[{ classId: 1, box: box(0, 0, 10, 10), confidence: 0.9 }]], gt, 2).map, 0);
  });

  it('matches each ground-truth box once, so a duplicate is a false positive', () => {
    const gt = [[{ classId: 0, box: box(0, 0, 10, 10) }]];
    const pred = [[{ classId: 0, box: box(0, 0, 10, 10), confidence: 0.9 }, { classId: 0, box: box(0, 0, 10, 10), confidence: 0.8 }]];
    // recall reaches 1 at the first detection: the duplicate does not lower AP
    assert.ok(Math.abs(meanAveragePrecision(pred, gt, 1).map - 0.995) < 1e-9);
  });

  it('integrates the precision envelope at 101 recall points, like YOLOv5 compute_ap', () => {
    // half the objects found at precision 1: the envelope falls linearly from (0.5, 1) to (1, 0)
    assert.ok(Math.abs(averagePrecision([0.5], [1]) - 0.75) < 1e-9);
  });

  it('gives the value ml/detector/evaluate.py gives on the same detections', () => {
    const gt = [[{ classId: 0, box: box(0, 0, 10, 10) }], [{ classId: 0, box: box(0, 0, 10, 10) }, { classId: 0, box: box(20, 20, 30, 30) }]];
    const pred = [
      [{ classId: 0, box: box(0, 0, 10, 10), confidence: 0.9 }, { classId: 0, box: box(0, 0, 10, 10), confidence: 0.8 }],
      [{ classId: 0, box: box(0, 0, 10, 10), confidence: 0.7 }],
    ];
    assert.equal(Math.round(meanAveragePrecision(pred, gt, 1).map * 1e4) / 1e4, 0.6672);
  });

  it('reads YOLO label lines into pixel boxes', () => {
    assert.deepEqual(parseYoloLabels('2 0.5 0.5 0.25 0.5\n\n', 200, 100), [{ classId: 2, box: box(75, 25, 125, 75) }]);
  });
});
