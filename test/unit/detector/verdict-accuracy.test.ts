import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { predictedOutcome, tallyVerdicts, truthOutcome } from '../../../activities/images/detector/verdict-accuracy';

const CLASSES = ['plastic', 'label', 'can'];
const box = { x1: 0, y1: 0, x2: 1, y2: 1 };

describe('verdict accuracy', () => {
  it('reads the ground-truth outcome with the eco point rule', () => {
    assert.equal(truthOutcome([{ box, classId: 0 }, { box, classId: 0 }], CLASSES), 'accepted');
    assert.equal(truthOutcome([{ box, classId: 0 }, { box, classId: 1 }], CLASSES), 'ModelYesLabel');
    assert.equal(truthOutcome([{ box, classId: 2 }], CLASSES), 'ModelNoPlastic');
    assert.equal(truthOutcome([], CLASSES), 'ModelNoPlastic');
  });

  it('ignores predictions below the rule threshold', () => {
    assert.equal(predictedOutcome([{ className: 'plastic', confidence: 0.9 }, { className: 'label', confidence: 0.3 }]), 'accepted');
  });

  it('counts agreement and fills the confusion matrix', () => {
    const t = tallyVerdicts([
      { truth: 'accepted', predicted: 'accepted' },
      { truth: 'accepted', predicted: 'ModelYesLabel' },
      { truth: 'ModelNoPlastic', predicted: 'ModelNoPlastic' },
      { truth: 'ModelYesLabel', predicted: 'ModelNoPlastic' },
    ]);
    assert.equal(t.accuracy, 0.5);
    assert.equal(t.images, 4);
    assert.equal(t.confusion.accepted.ModelYesLabel, 1);
    assert.equal(t.confusion.ModelYesLabel.ModelNoPlastic, 1);
    assert.equal(tallyVerdicts([]).accuracy, 0);
  });
});
