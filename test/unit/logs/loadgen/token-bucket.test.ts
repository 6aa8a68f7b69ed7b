import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TokenBucket } from '../../../../activities/logs/loadgen/token-bucket';

describe('TokenBucket', () => {
  it('grants the rate over time, whatever the tick length', () => {
    const bucket = new TokenBucket(1000);
    let taken = bucket.take(Infinity, 0);
    for (let t = 7; t <= 7 * 1500; t += 7) taken += bucket.take(Infinity, t);
    assert.ok(Math.abs(taken - 7 * 1500) <= 1, `took ${taken}`);
  });

  it('holds at most the burst after an idle spell', () => {
    const bucket = new TokenBucket(1000, 50);
    bucket.take(Infinity, 0);
    assert.equal(bucket.take(Infinity, 60_000), 50);
  });

  it('never takes more than asked and says how long to wait for the next token', () => {
    const bucket = new TokenBucket(20);
    bucket.take(Infinity, 0);
    assert.equal(bucket.take(1, 1000), 1);
    assert.equal(bucket.take(Infinity, 1000), 1);
    assert.equal(bucket.waitMs(), 50);
  });

  it('refuses a rate that is not positive', () => {
    assert.throws(() => new TokenBucket(0), RangeError);
  });
});
