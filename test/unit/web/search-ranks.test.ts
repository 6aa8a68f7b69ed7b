import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { rankDimensionOf, rankKeysOf, rankLabelOf, wordsOfReply } from '../../../web/search-ranks/rank-keys';

describe('search ranks', () => {
  it('pairs a ZREVRANGE WITHSCORES reply into words and counts', () => {
    assert.deepEqual(wordsOfReply(['생수', '12', '탄산수', '7']), [
      { word: '생수', count: 12 },
      { word: '탄산수', count: 7 },
    ]);
  });

  it('reads an empty reply as no words', () => {
    assert.deepEqual(wordsOfReply([]), []);
  });

  it('names a dimension the same way for mypage and the dashboard', () => {
    assert.equal(rankLabelOf('W', 20), '여성 20대');
    assert.equal(rankLabelOf('M', null), '남성');
    assert.equal(rankLabelOf(null, 30), '30대');
    assert.equal(rankLabelOf(null, null), '전체');
  });

  it('picks the dimension of a gender and / or age band', () => {
    assert.deepEqual(rankDimensionOf('W', 20), { kind: 'gender_age', gender: 'W', ageBand: 20 });
    assert.deepEqual(rankDimensionOf(null, null), { kind: 'all' });
  });

  it('reads a day from one key and minutes from one key each', () => {
    assert.equal(rankKeysOf({ kind: 'day', date: '2026-11-25' }, { kind: 'all' }).length, 1);
    assert.equal(rankKeysOf({ kind: 'minutes', minutes: ['2026-11-25T09:00', '2026-11-25T09:01'] }, { kind: 'all' }).length, 2);
  });
});
