import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InfraError, isCiaoError } from '../../../domain/errors';
import { isStoreFailure, StoreGuard } from '../../../web/stores/store-guard';

const refused = () => Promise.reject(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6379'), { code: 'ECONNREFUSED' }));
const never = () => new Promise<never>(() => undefined);
const unavailable = (err: unknown) => isCiaoError(err, 'ServiceUnavailable');

/** A guard on a clock the test moves. */
function guardAt(options: { timeoutMs?: number; retryMs?: number; isConnected?: () => boolean; firstTimeoutMs?: number } = {}) {
  let now = 0;
  const guard = new StoreGuard('redis', {
    timeoutMs: options.timeoutMs ?? 50,
    retryMs: options.retryMs ?? 500,
    firstTimeoutMs: options.firstTimeoutMs ?? 0,
    now: () => now,
    ...(options.isConnected ? { isConnected: options.isConnected } : {}),
  });
  return { guard, advance: (ms: number) => (now += ms) };
}

describe('StoreGuard', () => {
  it('passes answers and the store\'s own errors through while closed', async () => {
    const { guard } = guardAt();
    assert.equal(await guard.run(() => Promise.resolve(42)), 42);
    const duplicate = new InfraError('Conflict', '이미 사용 중인 아이디예요.');
    await assert.rejects(guard.run(() => Promise.reject(duplicate)), (err) => err === duplicate);
    await assert.rejects(guard.run(() => Promise.reject(duplicate)), (err) => err === duplicate);
    assert.equal(guard.stats().state, 'closed');
  });

  it('turns a refused connection into ServiceUnavailable and opens after two failures in a row', async () => {
    const { guard } = guardAt();
    await assert.rejects(guard.run(refused), unavailable);
    assert.equal(guard.stats().state, 'closed');
    await assert.rejects(guard.run(refused), unavailable);
    assert.equal(guard.stats().state, 'open');
    let called = false;
    await assert.rejects(
      guard.run(() => {
        called = true;
        return Promise.resolve(1);
      }),
      unavailable,
    );
    assert.equal(called, false, 'an open guard does not call the store');
    assert.deepEqual(guard.stats(), { state: 'open', rejected: 1, failed: 2, opened: 1 });
  });

  it('cuts off a call that does not answer within its deadline', async () => {
    const { guard } = guardAt({ timeoutMs: 30 });
    const started = performance.now();
    await assert.rejects(guard.run(never), (err) => unavailable(err) && /no answer within 30 ms/.test(((err as Error).cause as Error).message));
    const took = performance.now() - started;
    assert.ok(took >= 29 && took < 500, `took ${took} ms`);
  });

  it('lets one trial call through after retryMs; the others fail at once meanwhile; success closes it', async () => {
    const { guard, advance } = guardAt({ retryMs: 500 });
    await assert.rejects(guard.run(refused), unavailable);
    await assert.rejects(guard.run(refused), unavailable);
    advance(499);
    await assert.rejects(guard.run(() => Promise.resolve(1)), unavailable);
    advance(1);
    let release: (v: number) => void = () => undefined;
    const trial = guard.run(() => new Promise<number>((r) => (release = r)));
    assert.equal(guard.stats().state, 'trial');
    await assert.rejects(guard.run(() => Promise.resolve(2)), unavailable);
    release(7);
    assert.equal(await trial, 7);
    assert.equal(guard.stats().state, 'closed');
    assert.equal(await guard.run(() => Promise.resolve(3)), 3);
  });

  it('opens again for retryMs when the trial fails', async () => {
    const { guard, advance } = guardAt({ retryMs: 500 });
    await assert.rejects(guard.run(refused), unavailable);
    await assert.rejects(guard.run(refused), unavailable);
    advance(500);
    await assert.rejects(guard.run(refused), unavailable);
    assert.equal(guard.stats().state, 'open');
    advance(100);
    await assert.rejects(guard.run(() => Promise.resolve(1)), unavailable);
    advance(400);
    assert.equal(await guard.run(() => Promise.resolve(1)), 1);
  });

  it('fails at once, without calling, while the client says it has no connection', async () => {
    let connected = false;
    const { guard } = guardAt({ isConnected: () => connected });
    let calls = 0;
    const op = () => {
      calls++;
      return Promise.resolve('ok');
    };
    await assert.rejects(guard.run(op), unavailable);
    assert.equal(calls, 0);
    connected = true;
    assert.equal(await guard.run(op), 'ok');
  });

  it('gives the calls before the first success the longer first deadline (the client may still be connecting)', async () => {
    const { guard } = guardAt({ timeoutMs: 20, firstTimeoutMs: 200 });
    const slow = (ms: number) => () => new Promise<string>((r) => setTimeout(() => r('ok'), ms));
    assert.equal(await guard.run(slow(60)), 'ok', 'a cold call may take longer than the deadline');
    await assert.rejects(guard.run(slow(60)), unavailable);
  });

  it('lets an answer that arrived while the event loop was busy win over the deadline', async () => {
    const { guard } = guardAt({ timeoutMs: 20 });
    // The answer is ready at 5 ms, but the loop is blocked for 60 ms: both the timer and the answer are due
    // when it frees up, and the answer must win.
    const answer = guard.run(() => new Promise<string>((r) => setTimeout(() => r('ok'), 5)));
    const until = Date.now() + 60;
    while (Date.now() < until) {
      // busy
    }
    assert.equal(await answer, 'ok');
  });
});

describe('isStoreFailure', () => {
  it('tells a store that did not answer from one that answered with an error', () => {
    assert.equal(isStoreFailure(Object.assign(new Error('x'), { name: 'MongoServerSelectionError' })), true);
    assert.equal(isStoreFailure(new Error('Connection is closed.')), true);
    assert.equal(isStoreFailure(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })), true);
    assert.equal(isStoreFailure(Object.assign(new Error('E11000 duplicate key'), { name: 'MongoServerError', code: 11000 })), false);
    assert.equal(isStoreFailure(new InfraError('Conflict', 'x')), false);
  });
});
