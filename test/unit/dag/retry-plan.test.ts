import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dag } from '../../../workflows/dag/dsl';
import { DEFAULT_RETRY, backoffMs, nextRetryWaitMs, retryWaits } from '../../../workflows/dag/retry-plan';

const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);

describe('task retries sized for real outages', () => {
  it('by default waits 5 s, doubling up to 5 min, and keeps trying for 30 min', () => {
    const waits = retryWaits(DEFAULT_RETRY);
    assert.deepEqual(waits.slice(0, 7), [5_000, 10_000, 20_000, 40_000, 80_000, 160_000, 300_000]);
    assert.ok(waits.every((w) => w <= 300_000), 'no wait longer than 5 min');
    assert.equal(sum(waits), 30 * 60_000, 'the last try starts at the budget’s end');
    assert.equal(waits.length + 1, 12, '12 tries in all');
  });

  it('rides out a 46 s HDFS outage that 3 tries in 17 s did not', () => {
    const outageMs = 46_000;
    const waits = retryWaits(DEFAULT_RETRY);
    let elapsed = 0;
    let tries = 1;
    for (const w of waits) {
      if (elapsed >= outageMs) break;
      elapsed += w;
      tries++;
    }
    assert.ok(elapsed >= outageMs && tries <= 6, `a try after the outage: try ${tries} at ${elapsed / 1000} s`);
  });

  it('stops at the attempts limit when a DAG sets one, whatever the budget', () => {
    assert.deepEqual(retryWaits({ ...DEFAULT_RETRY, attempts: 3 }), [5_000, 10_000]);
    assert.equal(nextRetryWaitMs({ attempts: 1 }, { failedTries: 1, elapsedMs: 0 }), undefined);
  });

  it('counts the time the tries themselves took against the budget', () => {
    assert.equal(nextRetryWaitMs(DEFAULT_RETRY, { failedTries: 2, elapsedMs: 29 * 60_000 + 55_000 }), 5_000, 'shortened to end at 30 min');
    assert.equal(nextRetryWaitMs(DEFAULT_RETRY, { failedTries: 2, elapsedMs: 30 * 60_000 }), undefined);
  });

  it('lets a DAG override the budget and the backoff', () => {
    const retry = { ...DEFAULT_RETRY, budget: '2h', maximumInterval: '10m' };
    const waits = retryWaits(retry);
    assert.equal(sum(waits), 2 * 3_600_000);
    assert.equal(Math.max(...waits), 600_000);
    assert.equal(backoffMs({ initialInterval: '1s', backoffCoefficient: 3 }, 3), 9_000);
  });

  it('a DAG’s defaults.retry keeps the default budget for what it does not set', () => {
    const spec = dag<{ a(input: unknown): Promise<void> }>('retry_defaults', { description: 'd', defaults: { retry: { initialInterval: '10s' } } }, (b) => {
      b.task('a', { activity: 'a', args: {} });
    });
    assert.deepEqual(spec.defaults.retry, { ...DEFAULT_RETRY, initialInterval: '10s' });
  });
});
