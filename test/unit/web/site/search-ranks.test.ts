import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { genderLabel, rankedWords } from '../../../../web/site/search-ranks';

describe('search ranks', () => {
  it('pairs a ZREVRANGE WITHSCORES reply into words and counts', () => {
    assert.deepEqual(rankedWords(['생수', '12', '탄산수', '7']), [
      { word: '생수', count: 12 },
      { word: '탄산수', count: 7 },
    ]);
  });

  it('reads an empty reply as no words', () => {
    assert.deepEqual(rankedWords([]), []);
  });

  it('labels genders in Korean', () => {
    assert.equal(genderLabel('W'), '여성');
    assert.equal(genderLabel('M'), '남성');
  });
});
