import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { foldText, normalizeTitle } from '../../../activities/products/transform/normalize-title';

describe('normalizeTitle', () => {
  it('folds full-width characters and unit symbols with NFKC', () => {
    assert.equal(normalizeTitle('ＰＯＣＡＲＩ ５００㎖').title, 'POCARI 500ml');
  });

  it('collapses spacing, including ideographic and no-break spaces', () => {
    assert.equal(normalizeTitle('  무라벨\u3000생수 \u00a0 2L   x  6개 ').title, '무라벨 생수 2L x 6개');
  });

  it('writes units and multiplication signs one way', () => {
    assert.equal(normalizeTitle('탄산수 350mL×24').title, '탄산수 350ml x 24');
    assert.equal(normalizeTitle('생수 2 리터*6병').title, '생수 2L x 6병');
    assert.equal(normalizeTitle('1.5l*6+1.5l*6').title, '1.5L x 6+1.5L x 6');
  });

  it('writes a brand in its own casing and finds it in any spelling', () => {
    assert.deepEqual(normalizeTitle('EVIAN 500ml'), { title: 'Evian 500ml', brand: 'Evian' });
    assert.deepEqual(normalizeTitle('에비앙 evian 500ml'), { title: 'Evian 500ml', brand: 'Evian' });
    assert.deepEqual(normalizeTitle('trevi 레몬 350ml'), { title: '트레비 레몬 350ml', brand: '트레비' });
    assert.deepEqual(normalizeTitle('제주 삼다수 2L'), { title: '제주삼다수 2L', brand: '제주삼다수' });
  });

  it('keeps the brand once when a title repeats it in two spellings', () => {
    assert.equal(normalizeTitle('삼다수 제주삼다수 그린 2L').title, '제주삼다수 그린 2L');
  });

  it('removes shop decorations', () => {
    assert.equal(normalizeTitle('[무료배송] ★특가★ 석수 무라벨 2L x 6 (본사직영)').title, '석수 무라벨 2L x 6');
  });

  it('leaves a title without a brand without one', () => {
    assert.deepEqual(normalizeTitle('무라벨 생수 2L'), { title: '무라벨 생수 2L', brand: null });
  });
});

describe('foldText', () => {
  it('keeps Hangul syllables composed', () => {
    // NFKC composes conjoining jamo: ᄉ+ᅢ+ᆼ → 생
    assert.equal(foldText('\u1109\u1162\u11bc수'), '생수');
  });
});
