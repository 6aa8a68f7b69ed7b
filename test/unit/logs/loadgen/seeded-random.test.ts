import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SeededRandom } from '../../../../activities/logs/loadgen/seeded-random';

const draws = (rng: SeededRandom, n: number) => Array.from({ length: n }, () => rng.next());

describe('SeededRandom', () => {
  it('gives the same stream for the same seed and another for another seed', () => {
    assert.deepEqual(draws(new SeededRandom(42), 100), draws(new SeededRandom(42), 100));
    assert.notDeepEqual(draws(new SeededRandom(42), 100), draws(new SeededRandom(43), 100));
  });

  it('forks named streams that do not depend on how far the parent was drawn', () => {
    const a = new SeededRandom(7);
    const b = new SeededRandom(7);
    draws(b, 50);
    assert.deepEqual(draws(a.fork('population'), 20), draws(b.fork('population'), 20));
    assert.notDeepEqual(draws(a.fork('population'), 20), draws(a.fork('visits'), 20));
  });

  it('draws uniformly in [0, 1)', () => {
    const xs = draws(new SeededRandom(1), 100_000);
    assert.ok(xs.every((x) => x >= 0 && x < 1));
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    assert.ok(Math.abs(mean - 0.5) < 0.01, `mean ${mean}`);
    const deciles = new Array<number>(10).fill(0);
    for (const x of xs) deciles[Math.floor(x * 10)]!++;
    assert.ok(deciles.every((d) => Math.abs(d - 10_000) < 500), deciles.join(' '));
  });

  it('picks by weight', () => {
    const rng = new SeededRandom(3);
    const counts = { a: 0, b: 0, c: 0 };
    for (let i = 0; i < 30_000; i++) counts[rng.weighted(['a', 'b', 'c'] as const, (k) => ({ a: 1, b: 2, c: 0 })[k])]++;
    assert.equal(counts.c, 0);
    assert.ok(Math.abs(counts.b / counts.a - 2) < 0.15, JSON.stringify(counts));
  });
});
