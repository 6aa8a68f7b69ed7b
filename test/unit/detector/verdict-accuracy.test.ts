import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { countConfidentFalsePositives } from '../../../activities/images/detector/false-positives';
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

describe('confident false positives', () => {
  const b = (x: number) => ({ x1: x, y1: 0, x2: x + 10, y2: 10 });
  it('counts confident boxes that match no truth of their class, each truth matched once', () => {
    const truths = [{ box: b(0), classId: 0 }];
    const preds = [
      { box: b(0), classId: 0, confidence: 0.9 }, // matches
      { box: b(1), classId: 0, confidence: 0.8 }, // the truth is taken: false
      { box: b(0), classId: 1, confidence: 0.7 }, // wrong class: false
      { box: b(50), classId: 2, confidence: 0.4 }, // not confident: ignored
    ];
    assert.equal(countConfidentFalsePositives(preds, truths), 2);
    assert.equal(countConfidentFalsePositives(preds, []), 3);
  });
});
