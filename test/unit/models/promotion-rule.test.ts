import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ModelMetrics, SplitMetrics } from '../../../activities/models/model-record';
import { decidePromotion, NO_REAL_PHOTOS, type PromotionRule } from '../../../activities/models/promotion-rule';

const split = (accuracy: number, map50: number, setHash = 'same', images = 50): SplitMetrics => ({
  images,
  map50,
  ap50: { plastic: map50, label: map50, can: map50 },
  // Every photo shows a bottle (truth accepted), so the real split may decide.
  verdict: { accuracy, correct: Math.round(accuracy * images), images, confusion: { 'accepted→accepted': images } },
  source: 'test',
  setHash,
  measuredAt: new Date(0),
});
const metrics = (real: SplitMetrics | null, synthetic: SplitMetrics | null = split(0.9, 0.9)): ModelMetrics => ({ real, synthetic });
const rule: PromotionRule = { metric: 'verdictAccuracy', minGain: 0.02, allowSyntheticOnly: false };

describe('promotion rule of detector_retrain', () => {
  it('refuses with "no real held-out photos" when the real split is empty', () => {
    const d = decidePromotion(metrics(null, split(0.99, 0.99)), metrics(null, split(0.5, 0.5)), rule);
    assert.equal(d.promote, false);
    assert.equal(d.reason, NO_REAL_PHOTOS);
    assert.equal(d.basis, null);
  });

  it('compares on the synthetic split only when the run allows it', () => {
    const better = decidePromotion(metrics(null, split(0.95, 0.9)), metrics(null, split(0.9, 0.9)), { ...rule, allowSyntheticOnly: true });
    assert.equal(better.promote, true);
    assert.equal(better.basis, 'synthetic');
    assert.match(better.reason, /^no real held-out photos; synthetic-only comparison allowed: better/);
  });

  it('promotes a candidate better on real photos by at least the margin', () => {
    const d = decidePromotion(metrics(split(0.8, 0.5)), metrics(split(0.75, 0.6)), rule);
    assert.equal(d.promote, true);
    assert.equal(d.basis, 'real');
    assert.equal(d.candidate, 0.8);
    assert.equal(d.current, 0.75);
    assert.match(d.reason, /better on real photos: verdictAccuracy 0\.800 vs 0\.750/);
  });

  it('refuses a gain below the margin, and a candidate worse on real photos however good on synthetic ones', () => {
    assert.equal(decidePromotion(metrics(split(0.76, 0.5)), metrics(split(0.75, 0.5)), rule).promote, false);
    const worse = decidePromotion(metrics(split(0.6, 0.5), split(1, 1)), metrics(split(0.75, 0.5), split(0.5, 0.5)), rule);
    assert.equal(worse.promote, false);
    assert.match(worse.reason, /^not better on real photos/);
  });

  it('compares the metric the run names', () => {
    const d = decidePromotion(metrics(split(0.7, 0.8)), metrics(split(0.75, 0.6)), { ...rule, metric: 'map50' });
    assert.equal(d.promote, true);
    assert.equal(d.metric, 'map50');
  });

  it('refuses figures measured on different photos', () => {
    const d = decidePromotion(metrics(split(0.9, 0.9, 'a')), metrics(split(0.5, 0.5, 'b')), rule);
    assert.equal(d.promote, false);
    assert.match(d.reason, /not measured on the same real images/);
  });

  it('promotes when no version is active to compare with', () => {
    const d = decidePromotion(metrics(split(0.3, 0.3)), null, rule);
    assert.equal(d.promote, true);
    assert.match(d.reason, /no active version/);
  });

  it('does not let real photos without bottles decide: a model that finds nothing is right on every one', () => {
    const noBottles = (accuracy: number): SplitMetrics => ({ ...split(accuracy, 0), images: 8, verdict: { accuracy, correct: Math.round(accuracy * 8), images: 8, confusion: { 'ModelNoPlastic→ModelNoPlastic': Math.round(accuracy * 8), 'ModelNoPlastic→ModelYesLabel': 8 - Math.round(accuracy * 8) } } });
    const d = decidePromotion(metrics(noBottles(1)), metrics(noBottles(0.875)), rule);
    assert.equal(d.promote, false);
    assert.equal(d.basis, null);
    assert.match(d.reason, /^no real held-out photos of bottles \(0 of 8 real photos show one; 10 needed\)/);
    const allowed = decidePromotion(metrics(noBottles(1), split(0.95, 0.9)), metrics(noBottles(0.875), split(0.9, 0.9)), { ...rule, allowSyntheticOnly: true });
    assert.equal(allowed.basis, 'synthetic');
  });
});
