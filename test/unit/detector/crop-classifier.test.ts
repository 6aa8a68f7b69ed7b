import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isCiaoError } from '../../../domain/errors';
import { averagePool, classifyCrop, parseCropClassifier } from '../../../activities/images/detector/two-stage/crop-classifier';
import { sampleStretched } from '../../../activities/images/detector/two-stage/crop-sampling';

const classifier = (): unknown => ({
  feature: 'backbone_features',
  margin: 0.1,
  mean: [1, 0],
  std: [2, 1],
  can: { weights: [1, 0], bias: 0 },
  label: { weights: [0, -2], bias: 1 },
});

describe('stage-2 crop classifier', () => {
  it('average-pools each channel of an NCHW map', () => {
    assert.deepEqual(Array.from(averagePool(Float32Array.from([1, 2, 3, 4, 10, 10, 10, 10]), 2)), [2.5, 10]);
    assert.throws(() => averagePool(new Float32Array(5), 2), RangeError);
  });

  it('standardises the features and applies both logistic regressions', () => {
    const c = parseCropClassifier(classifier(), 'c.json');
    const p = classifyCrop(c, Float32Array.from([1, 0.5])); // standardised: (0, 0.5)
    assert.equal(p.can, 0.5);
    assert.ok(Math.abs(p.label - 0.5) < 1e-12); // 1 − 2 · 0.5 = 0
    const q = classifyCrop(c, Float32Array.from([9, 0])); // standardised: (4, 0)
    assert.ok(q.can > 0.98 && q.label > 0.73);
    assert.throws(() => classifyCrop(c, new Float32Array(3)), RangeError);
  });

  it('refuses a classifier file with missing fields or mismatched lengths, with ModelError', () => {
    assert.throws(() => parseCropClassifier({ feature: 'x' }, 'c.json'), (e: unknown) => isCiaoError(e, 'ModelError') && /c\.json/.test((e as Error).message));
    const bad = { ...(classifier() as object), std: [1] };
    assert.throws(() => parseCropClassifier(bad, 'c.json'), (e: unknown) => isCiaoError(e, 'ModelError') && /same length/.test((e as Error).message));
  });
});

describe('stretched crop with margin', () => {
  it('samples the box plus margin onto a square, black outside the image', () => {
    const width = 10;
    const height = 10;
    const img = { width, height, data: new Uint8Array(width * height * 3).fill(200) };
    const c = sampleStretched(img, { x1: 0, y1: 0, x2: 10, y2: 10 }, 12, 0.1);
    assert.deepEqual([c.width, c.height], [12, 12]);
    const px = (v: number, u: number): number[] => Array.from(c.data.subarray((v * 12 + u) * 3, (v * 12 + u) * 3 + 3));
    assert.deepEqual(px(0, 0), [0, 0, 0]); // the margin lies outside the image
    assert.deepEqual(px(6, 6), [200, 200, 200]);
  });
});
