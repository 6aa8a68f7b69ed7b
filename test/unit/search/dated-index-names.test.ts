import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { indexesToPrune, nextBuildNumber, parseDatedIndexName, previousDatedIndex, datedIndexName } from '../../../activities/search/dated-index-names';

const P = 'nolabel-products-';

describe('product index names', () => {
  it('round-trip a day and build, and read the init index as build 0', () => {
    assert.equal(datedIndexName(P, '2026-12-06', 2), 'nolabel-products-20261206-2');
    assert.deepEqual(parseDatedIndexName(P, 'nolabel-products-20261206-2'), { index: 'nolabel-products-20261206-2', day: '20261206', build: 2 });
    assert.equal(parseDatedIndexName(P, 'nolabel-products-20261206-init')?.build, 0);
    assert.equal(parseDatedIndexName(P, 'nolabel-products-other'), undefined);
    assert.equal(parseDatedIndexName(P, 'lesswaste-places'), undefined);
  });

  it('numbers a rerun of the same day after the builds it has', () => {
    const existing = ['nolabel-products-20261206-1', 'nolabel-products-20261206-10', 'nolabel-products-20261129-4'];
    assert.equal(nextBuildNumber(P, existing, '2026-12-06'), 11);
    assert.equal(nextBuildNumber(P, existing, '2026-12-13'), 1);
  });

  it('prunes all but the newest three, never the aliased one', () => {
    const all = ['nolabel-products-20261115-1', 'nolabel-products-20261122-1', 'nolabel-products-20261129-1', 'nolabel-products-20261206-1', 'nolabel-products-20261206-2', 'nolabel-products-20261101-init'];
    assert.deepEqual(indexesToPrune(P, all, new Set(['nolabel-products-20261206-2']), 3), ['nolabel-products-20261101-init', 'nolabel-products-20261115-1', 'nolabel-products-20261122-1']);
    // After a rollback the alias is on an older index: it stays, with the two newest.
    assert.deepEqual(indexesToPrune(P, all, new Set(['nolabel-products-20261122-1']), 3), ['nolabel-products-20261101-init', 'nolabel-products-20261115-1', 'nolabel-products-20261129-1']);
  });

  it('rolls back to the newest older index', () => {
    const all = ['nolabel-products-20261129-1', 'nolabel-products-20261206-1', 'nolabel-products-20261206-2'];
    assert.equal(previousDatedIndex(P, all, 'nolabel-products-20261206-2'), 'nolabel-products-20261206-1');
    assert.equal(previousDatedIndex(P, all, 'nolabel-products-20261129-1'), undefined);
  });
});
