import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { predictedOutcome } from '../../../activities/images/detector/verdict-accuracy';
import { groundTruthVerdict, verdictFigures } from '../../../activities/models/verdict-accuracy';

describe('verdict accuracy', () => {
  it('derives the ground truth verdict with the eco point 1 rule', () => {
    assert.equal(groundTruthVerdict([]), 'ModelNoPlastic');
    assert.equal(groundTruthVerdict([{ className: 'can' }]), 'ModelNoPlastic');
    assert.equal(groundTruthVerdict([{ className: 'plastic' }, { className: 'label' }]), 'ModelYesLabel');
    assert.equal(groundTruthVerdict([{ className: 'plastic' }, { className: 'can' }]), 'accepted');
  });

  it('counts only confident detections in the model verdict, as production does', () => {
    assert.equal(predictedOutcome([{ className: 'plastic', confidence: 0.9 }, { className: 'label', confidence: 0.3 }]), 'accepted');
    assert.equal(predictedOutcome([{ className: 'plastic', confidence: 0.4 }]), 'ModelNoPlastic');
  });

  it('reports accuracy and the confusion between verdicts', () => {
    const f = verdictFigures([
      { truth: 'accepted', predicted: 'accepted' },
      { truth: 'accepted', predicted: 'ModelYesLabel' },
      { truth: 'ModelNoPlastic', predicted: 'ModelNoPlastic' },
      { truth: 'ModelYesLabel', predicted: 'ModelYesLabel' },
    ]);
    assert.equal(f.accuracy, 0.75);
    assert.equal(f.correct, 3);
    assert.equal(f.images, 4);
    assert.equal(f.confusion['accepted→ModelYesLabel'], 1);
    assert.equal(verdictFigures([]).images, 0);
  });
});
