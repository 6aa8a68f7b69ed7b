import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildSearchBody, jamoFuzziness, sortClauses } from '../../../../web/product-search/search-body';
import { parseQuery } from '../../../../web/product-search/query-text';
import { suggestionText } from '../../../../web/product-search/product-search';
import { buildVocabulary } from '../../../../web/product-search/vocabulary';

const vocabulary = buildVocabulary();
const body = (q: string, relaxed = false) =>
  JSON.stringify(buildSearchBody(parseQuery(q, vocabulary.known), vocabulary, { sort: 'relevance', filters: { carbonated: true }, size: 30, from: 0, relaxed }));

describe('buildSearchBody', () => {
  it('filters on the volume and count of the query and on the page filters', () => {
    const json = body('삼다수 2l 6개');
    assert.match(json, /"term":\{"volumeMl":2000\}/);
    assert.match(json, /"term":\{"quantity":6\}/);
    assert.match(json, /"term":\{"carbonated":true\}/);
  });

  it('requires every word, or any word when relaxed', () => {
    assert.match(body('탄산수 제로'), /"must":\[\{"dis_max"/);
    assert.match(body('탄산수 제로', true), /"minimum_should_match":1/);
  });

  it('searches 초성 in the n-gram field and through known words with those initials', () => {
    const json = body('ㅌㅅㅅ');
    assert.match(json, /"titleChoseong.ngram":"ㅌㅅㅅ"/);
    assert.match(json, /"query":"탄산수"/);
  });

  it('is fuzzy over jamo, more for longer words, never for one syllable', () => {
    assert.equal(jamoFuzziness('ㅁㅜㄹ'), 0);
    assert.equal(jamoFuzziness('ㅅㅏㅁㄷㅏㅅㅡ'), 1);
    assert.equal(jamoFuzziness('ㅇㅏㅁㅔㄹㅣㄲㅏㄴㅗ'), 2);
    assert.match(body('삼다스'), /"fuzzy":\{"titleJamo.suffix":\{"value":"ㅅㅏㅁㄷㅏㅅㅡ","fuzziness":1/);
  });

  it('sorts by unit price or volume with the id last, so pages never overlap', () => {
    assert.deepEqual(sortClauses('unit_price')[0], { pricePer100ml: 'asc' });
    assert.deepEqual(sortClauses('volume')[0], { volumeMl: 'desc' });
    for (const sort of ['relevance', 'unit_price', 'volume'] as const) assert.deepEqual(sortClauses(sort).at(-1), { id: 'asc' });
  });
});

describe('suggestionText', () => {
  it('is the name without pack size, label wording and a leading kind', () => {
    assert.equal(suggestionText('제주삼다수 그린 무라벨 2L x 6입'), '제주삼다수 그린');
    assert.equal(suggestionText('생수 아이시스 평화공원 1.5L 12입 (무라벨)'), '아이시스 평화공원');
    assert.equal(suggestionText('무라벨 트레비 레몬 500ml*20병'), '트레비 레몬');
  });
});
