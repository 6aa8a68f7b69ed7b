import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Value } from '@sinclair/typebox/value';
import { checkGroundTruth, GroundTruthSchema, HELD_OUT_SHARE, isLabelClass, LABEL_CLASSES, splitFor } from '../../../domain/ground-truth';
import { fnv1a32, stableUnit } from '../../../domain/stable-hash';

/** 24-hex ids like ObjectIds: a timestamp part and a counter. */
const ids = (n: number): string[] => Array.from({ length: n }, (_, i) => `${(0x67a00000 + i * 37).toString(16)}0000aabbcc${i.toString(16).padStart(6, '0')}`);

describe('ground truth rules', () => {
  it('hashes with 32-bit FNV-1a (published test vectors)', () => {
    assert.equal(fnv1a32(''), 0x811c9dc5);
    assert.equal(fnv1a32('a'), 0xe40c292c);
    assert.equal(fnv1a32('foobar'), 0xbf9cf968);
    assert.ok(stableUnit('x') >= 0 && stableUnit('x') < 1);
  });

  it('gives a sample the same split every time', () => {
    for (const id of ids(50)) assert.equal(splitFor(id), splitFor(id));
  });

  it('holds out about 20 % of samples', () => {
    const all = ids(5000);
    const heldOut = all.filter((id) => splitFor(id) === 'heldout').length / all.length;
    assert.ok(Math.abs(heldOut - HELD_OUT_SHARE) < 0.025, `held out ${heldOut}`);
  });

  it('knows the detector classes and nothing else', () => {
    assert.deepEqual([...LABEL_CLASSES], ['plastic', 'label', 'can']);
    assert.ok(isLabelClass('label'));
    assert.ok(!isLabelClass('bottle'));
    assert.ok(!isLabelClass('__proto__'));
  });
});

describe('ground truth as stored', () => {
  const hexId = (i: number) => (0x6a00000000 + i * 7919).toString(16).padStart(24, '0');

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
