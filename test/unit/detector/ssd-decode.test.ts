import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nonMaxSuppression } from '../../../activities/images/detector/nms';
import { ssdAnchors } from '../../../activities/images/detector/two-stage/ssd-anchors';
import { decodeBox, sigmoid, ssdToRows } from '../../../activities/images/detector/two-stage/ssd-decode';
import { calibrateScore, suppressAcrossGroups } from '../../../activities/images/detector/two-stage/stage-one';

const anchors = ssdAnchors();
const CLASSES = 24;
const logit = (p: number): number => Math.log(p / (1 - p));

describe('SSD box decoding', () => {
  it('decodes a zero encoding to the anchor itself', () => {
    const enc = new Float32Array(anchors.count * 4);
    const i = 1000;
    const b = decodeBox(enc, anchors, i);
    const a = anchors.values;
    assert.deepEqual([b.cx, b.cy, b.w, b.h].map((v) => v.toFixed(6)), [a[4 * i]!, a[4 * i + 1]!, a[4 * i + 2]!, a[4 * i + 3]!].map((v) => v.toFixed(6)));
  });

  it('reads (ty, tx, th, tw) with scales 10, 10, 5, 5 and exp on the size', () => {
    const enc = new Float32Array(anchors.count * 4);
    enc.set([10, -5, 5, Math.log(2) * 5], 0); // anchor 0: centre (1/38, 1/38), size 0.1 × 0.1
    const b = decodeBox(enc, anchors, 0);
    assert.ok(Math.abs(b.cy - (0.5 / 19 + 0.1)) < 1e-6);
    assert.ok(Math.abs(b.cx - (0.5 / 19 - 0.05)) < 1e-6);
    assert.ok(Math.abs(b.h - 0.1 * Math.E) < 1e-6);
    assert.ok(Math.abs(b.w - 0.2) < 1e-6);
  });

  it('makes YOLOv5-layout rows in image pixels for anchors whose group score passes, merging classes by max', () => {
    const enc = new Float32Array(anchors.count * 4);
    const logits = new Float32Array(anchors.count * CLASSES).fill(-10);
    const last = anchors.count - 6; // centred, 0.95 × 0.95
    logits[last * CLASSES + 16] = logit(0.7); // Bottle
    logits[7 * CLASSES + 12] = logit(0.2); // Mug
    logits[7 * CLASSES + 13] = logit(0.6); // Coffee cup: the cup group takes the max
    logits[9 * CLASSES + 16] = logit(0.05); // below minScore: dropped
    const rows = ssdToRows(enc, logits, CLASSES, anchors, [[16], [12, 13]], 600, 400, 0.1);
    assert.equal(rows.length, 2 * 7);
    const byCx = [rows.subarray(0, 7), rows.subarray(7, 14)];
    const bottle = byCx.find((r) => Math.abs(r[0]! - 300) < 1e-3)!;
    assert.ok(Math.abs(bottle[1]! - 200) < 1e-3);
    assert.ok(Math.abs(bottle[2]! - 0.95 * 600) < 1e-2);
    assert.ok(Math.abs(bottle[3]! - 0.95 * 400) < 1e-2);
    assert.equal(bottle[4], 1);
    assert.ok(Math.abs(bottle[5]! - 0.7) < 1e-6);
    const cup = byCx.find((r) => r !== bottle)!;
    assert.ok(Math.abs(cup[6]! - 0.6) < 1e-6);
    const dets = nonMaxSuppression(rows, 7, { confThreshold: 0.1 });
    assert.deepEqual(dets.map((d) => d.classId), [0, 1]);
    assert.ok(Math.abs(dets[0]!.confidence - 0.7) < 1e-6, 'confidence = objectness 1 × group score');
  });

  it('refuses outputs whose size does not match the anchors', () => {
    assert.throws(() => ssdToRows(new Float32Array(4), new Float32Array(24), CLASSES, anchors, [[16]], 10, 10, 0.1), RangeError);
  });

  it('computes the logistic function', () => {
    assert.equal(sigmoid(0), 0.5);
    assert.ok(Math.abs(sigmoid(logit(0.8)) - 0.8) < 1e-12);
  });
});

describe('stage 1 confidence and cross-group suppression', () => {
  it('maps the accept score to 0.5 and keeps 0 and 1, monotonically', () => {
    assert.equal(calibrateScore(0.4, 0.4), 0.5);
    assert.equal(calibrateScore(0, 0.4), 0);
    assert.equal(calibrateScore(1, 0.4), 1);
    assert.ok(calibrateScore(0.39, 0.4) < 0.5 && calibrateScore(0.41, 0.4) > 0.5);
    assert.ok(Math.abs(calibrateScore(0.7, 0.4) - 0.75) < 1e-12);
    assert.throws(() => calibrateScore(0.5, 1), RangeError);
  });

  it('drops a box that a more confident box of the other group covers, keeps boxes of the same group', () => {
    const box = { x1: 0, y1: 0, x2: 10, y2: 30 };
    const kept = suppressAcrossGroups(
      [
        { box, confidence: 0.8, classId: 0 },
        { box: { x1: 1, y1: 0, x2: 11, y2: 30 }, confidence: 0.6, classId: 1 },
        { box: { x1: 1, y1: 0, x2: 11, y2: 30 }, confidence: 0.5, classId: 0 },
        { box: { x1: 50, y1: 50, x2: 60, y2: 60 }, confidence: 0.4, classId: 1 },
      ],
      0.45,
    );
    assert.deepEqual(kept.map((d) => [d.classId, d.confidence]), [[0, 0.8], [0, 0.5], [1, 0.4]]);
  });
});
