import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { yoloLinesOf } from '../../../activities/models/retrain-export';
import { parseProgressLine } from '../../../activities/models/retrain-train';
import { candidateVersionFor } from '../../../activities/models/retrain-version';

describe('detector_retrain naming and formats', () => {
  it('derives the candidate version from the logical date in Korea time', () => {
    assert.equal(candidateVersionFor('2026-11-30T04:00:00+09:00'), 'retrain-20261130-0400');
    assert.equal(candidateVersionFor('2026-11-29T19:00:00Z'), 'retrain-20261130-0400');
    assert.equal(candidateVersionFor('2026-11-30T04:00:00+09:00'), candidateVersionFor('2026-11-30T04:00:00.000+09:00'));
    assert.throws(() => candidateVersionFor('last week'), RangeError);
  });

  it('writes ground-truth boxes as normalised YOLO lines, clipped to the image, dropping empty ones', () => {
    const text = yoloLinesOf({
      width: 200,
      height: 100,
      boxes: [
        { className: 'plastic', box: { x1: 20, y1: 10, x2: 60, y2: 90 } },
        { className: 'can', box: { x1: 180, y1: -10, x2: 240, y2: 50 } },
        { className: 'label', box: { x1: 250, y1: 10, x2: 260, y2: 20 } },
      ],
    });
    assert.equal(text, '0 0.200000 0.500000 0.200000 0.800000\n2 0.950000 0.250000 0.100000 0.500000\n');
  });

  it('reads train.py progress lines and ignores the rest', () => {
    assert.deepEqual(parseProgressLine('PROGRESS {"epoch": 1, "epochs": 2, "step": 2, "steps": 4, "loss": 1.43}'), { epoch: 1, epochs: 2, step: 2, steps: 4, loss: 1.43 });
    assert.equal(parseProgressLine('epoch 2: val mAP@0.5 0.0153'), null);
    assert.equal(parseProgressLine('PROGRESS {broken'), null);
  });
});
