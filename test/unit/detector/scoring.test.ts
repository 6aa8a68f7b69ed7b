import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EcoPointError } from '../../../domain/errors';
import { scoreEcoPoint1, verdictError } from '../../../activities/images/detector/scoring';

const d = (className: string, confidence = 0.9) => ({ className, confidence });

describe('eco point 1 scoring rule', () => {
  it('grants 10 points per label-free plastic bottle', () => {
    const v = scoreEcoPoint1([d('plastic'), d('plastic'), d('plastic')]);
    assert.equal(v.accepted, true);
    assert.equal(v.points, 30);
    assert.equal(v.plastics, 3);
  });

  it('refuses a photo without plastic with ModelNoPlastic and 0 points', () => {
    const v = scoreEcoPoint1([d('can'), d('can')]);
    assert.equal(v.accepted, false);
    assert.equal(v.points, 0);
    assert.equal(!v.accepted && v.code, 'ModelNoPlastic');
    assert.equal(!v.accepted && v.message, 'not plastic');
  });

  it('refuses an empty photo with ModelNoPlastic', () => {
    const v = scoreEcoPoint1([]);
    assert.equal(!v.accepted && v.code, 'ModelNoPlastic');
  });

  it('refuses plastic with any label with ModelYesLabel, naming the number of impurities', () => {
    const v = scoreEcoPoint1([d('plastic'), d('plastic'), d('label'), d('label')]);
    assert.equal(v.points, 0);
    assert.equal(!v.accepted && v.code, 'ModelYesLabel');
    assert.equal(!v.accepted && v.message, '2 impurities');
  });

  it('reports ModelNoPlastic rather than ModelYesLabel when there is only a label', () => {
    const v = scoreEcoPoint1([d('label')]);
    assert.equal(!v.accepted && v.code, 'ModelNoPlastic');
  });

  it('ignores detections below confidence 0.5 and counts those at exactly 0.5', () => {
    const v = scoreEcoPoint1([d('plastic', 0.5), d('plastic', 0.49), d('label', 0.499)]);
    assert.equal(v.accepted, true);
    assert.equal(v.points, 10);
  });

  it('lets cans neither add points nor refuse the photo', () => {
    const v = scoreEcoPoint1([d('plastic'), d('can'), d('can')]);
    assert.equal(v.points, 10);
    assert.equal(v.cans, 2);
  });

  it('turns a refusal into a coded EcoPointError and an acceptance into none', () => {
    const err = verdictError(scoreEcoPoint1([d('plastic'), d('label')]));
    assert.ok(err instanceof EcoPointError);
    assert.equal(err.code, 'ModelYesLabel');
    assert.equal(err.details['labels'], 1);
    assert.equal(verdictError(scoreEcoPoint1([d('plastic')])), undefined);
  });
});
