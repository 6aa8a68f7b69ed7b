import assert from 'node:assert/strict';
import { setTimeout as delay } from 'node:timers/promises';
import { describe, it } from 'node:test';
import { AnswerCache } from '../../../../web/product-search/answer-cache';

describe('AnswerCache', () => {
  it('reuses an answer for the same key within the TTL, and loads again after it', async () => {
    const cache = new AnswerCache<{ n: number }>({ ttlMs: 80, entries: 10 });
    let loads = 0;
    const load = () => Promise.resolve({ n: ++loads });
    assert.deepEqual(await cache.get('a', load), { n: 1 });
    assert.deepEqual(await cache.get('a', load), { n: 1 });
    assert.deepEqual(await cache.get('b', load), { n: 2 }, 'another key is another answer');
    await delay(120);
    assert.deepEqual(await cache.get('a', load), { n: 3 }, 'past the TTL the answer is asked for again');
  });

  it('shares one load between identical requests that arrive together', async () => {
    const cache = new AnswerCache<{ n: number }>({ ttlMs: 1000, entries: 10 });
    let loads = 0;
    const load = async () => {
      loads++;
      await delay(30);
      return { n: loads };
    };
    const answers = await Promise.all(Array.from({ length: 5 }, () => cache.get('same', load)));
    assert.equal(loads, 1);
    assert.deepEqual(answers.map((a) => a.n), [1, 1, 1, 1, 1]);
  });

  it('keeps no failure: the next request asks again', async () => {
    const cache = new AnswerCache<{ n: number }>({ ttlMs: 1000, entries: 10 });
    await assert.rejects(cache.get('k', () => Promise.reject(new Error('down'))), /down/);
    assert.equal(cache.size, 0);
    assert.deepEqual(await cache.get('k', () => Promise.resolve({ n: 9 })), { n: 9 });
  });

  it('forgets the least recently used answers past its size, and keeps none with a TTL of 0', async () => {
    const small = new AnswerCache<{ k: string }>({ ttlMs: 1000, entries: 2 });
    for (const k of ['a', 'b', 'c']) await small.get(k, () => Promise.resolve({ k }));
    assert.equal(small.size, 2);
    let loads = 0;
    await small.get('a', () => Promise.resolve({ k: `a${++loads}` }));
    assert.equal(loads, 1, '"a" was the least recently used, so it was gone');
    const none = new AnswerCache<{ n: number }>({ ttlMs: 0, entries: 10 });
    let calls = 0;
    await none.get('x', () => Promise.resolve({ n: ++calls }));
    await none.get('x', () => Promise.resolve({ n: ++calls }));
    assert.equal(calls, 2);
    assert.equal(none.size, 0);
  });
});
