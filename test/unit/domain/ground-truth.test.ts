import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Value } from '@sinclair/typebox/value';
import { checkGroundTruth, GroundTruthSchema, HELDOUT_PERCENT, splitFor } from '../../../domain/ground-truth';

const hexId = (i: number) => (0x6a00000000 + i * 7919).toString(16).padStart(24, '0');

describe('ground truth of confirmed photos', () => {
  it('puts an upload on the same side every time', () => {
    const id = '6752f0c8a1b2c3d4e5f60718';
    assert.equal(splitFor(id), splitFor(id));
    assert.equal(splitFor(id), splitFor(`${id}`.slice(0)));
  });

  it('holds out about 20 % of upload ids', () => {
    const n = 20_000;
    let held = 0;
    for (let i = 0; i < n; i++) if (splitFor(hexId(i)) === 'heldout') held++;
    const share = (held / n) * 100;
    assert.ok(Math.abs(share - HELDOUT_PERCENT) < 1.5, `held out ${share.toFixed(1)} %`);
  });

  it('accepts the stored shape and refuses unknown classes or fields', () => {
    const gt = { boxes: [{ className: 'plastic', box: { x1: 1, y1: 2, x2: 30, y2: 40 } }], width: 100, height: 80, confirmedBy: 'admin1', confirmedAt: new Date(), split: 'train' };
    assert.ok(Value.Check(GroundTruthSchema, gt));
    assert.ok(!Value.Check(GroundTruthSchema, { ...gt, boxes: [{ className: 'cup', box: { x1: 1, y1: 2, x2: 3, y2: 4 } }] }));
    assert.ok(!Value.Check(GroundTruthSchema, { ...gt, extra: 1 }));
    assert.ok(!Value.Check(GroundTruthSchema, { ...gt, confirmedAt: '2026-12-06' }));
  });

  it('names boxes without area, boxes outside the image and a split that is not the upload’s', () => {
    const id = hexId(3);
    const wrong = splitFor(id) === 'train' ? 'heldout' : 'train';
    const problems = checkGroundTruth(id, { width: 100, height: 80, split: wrong, boxes: [{ className: 'label', box: { x1: 5, y1: 5, x2: 5, y2: 9 } }, { className: 'can', box: { x1: 50, y1: 10, x2: 140, y2: 20 } }] });
    assert.equal(problems.length, 3, problems.join('; '));
    assert.deepEqual(checkGroundTruth(id, { width: 100, height: 80, split: splitFor(id), boxes: [{ className: 'can', box: { x1: 0, y1: 0, x2: 100, y2: 80 } }] }), []);
  });
});
