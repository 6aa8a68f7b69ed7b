import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HashLimiter } from '../../../activities/accounts/hash-limiter';
import { isCiaoError } from '../../../domain/errors';

/** A hash the test finishes by hand. */
function manual(): { promise: Promise<string>; finish: (v: string) => void } {
  let finish: (v: string) => void = () => undefined;
  const promise = new Promise<string>((r) => (finish = r));
  return { promise, finish };
}

describe('HashLimiter', () => {
  it('runs `concurrency` hashes at once, the next ones in order as slots free', async () => {
    const limiter = new HashLimiter(1, 4);
    const order: string[] = [];
    const a = manual();
    const b = manual();
    const ra = limiter.run(() => {
      order.push('a');
      return a.promise;
    });
    const rb = limiter.run(() => {
      order.push('b');
      return b.promise;
    });
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(order, ['a'], 'b waits for a');
    assert.deepEqual(limiter.stats(), { running: 1, waiting: 1 });
    a.finish('A');
    assert.equal(await ra, 'A');
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(order, ['a', 'b']);
    b.finish('B');
    assert.equal(await rb, 'B');
    assert.deepEqual(limiter.stats(), { running: 0, waiting: 0 });
  });

  it('refuses at once with ServiceUnavailable when `maxWaiting` hashes already wait', async () => {
    const limiter = new HashLimiter(1, 1);
    const a = manual();
    const running = limiter.run(() => a.promise);
    const waiting = limiter.run(() => Promise.resolve('second'));
    await assert.rejects(limiter.run(() => Promise.resolve('third')), (err) => isCiaoError(err, 'ServiceUnavailable') && /잠시 후 다시/.test((err as Error).message));
    a.finish('first');
    assert.deepEqual(await Promise.all([running, waiting]), ['first', 'second']);
  });

  it('frees the slot when a hash fails', async () => {
    const limiter = new HashLimiter(1, 0);
    await assert.rejects(limiter.run(() => Promise.reject(new Error('boom'))), /boom/);
    assert.equal(await limiter.run(() => Promise.resolve('ok')), 'ok');
  });
});
