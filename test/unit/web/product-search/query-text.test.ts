import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mistypedHangul, normalizeQuery, parseQuery, splitKnownCompound, stripParticle } from '../../../../web/product-search/query-text';
import { buildVocabulary } from '../../../../web/product-search/vocabulary';

const vocabulary = buildVocabulary();
const parse = (q: string) => parseQuery(q, vocabulary.known);
const words = (q: string) => parse(q).words.map((w) => w.text);

describe('parseQuery', () => {
  it('reads 2리터, 2L, 2l, 2000ml and 2000미리 as the same 2000 ml, and takes them out of the words', () => {
    for (const q of ['생수 2리터', '생수 2L', '생수 2l', '생수 2000ml', '생수 2000미리', '생수2l']) {
      const parsed = parse(q);
      assert.equal(parsed.volumeMl, 2000, q);
      assert.deepEqual(parsed.words.map((w) => w.text), ['생수'], q);
    }
    assert.equal(parse('백산수 1.5리터').volumeMl, 1500);
    assert.equal(parse('하늘보리 500').volumeMl, 500, 'a bare 100–5000 is millilitres');
    assert.equal(parse('아이시스 8.0').volumeMl, null, 'a line name is not a volume');
  });

  it('reads the pack count: 24개, 20입, 12병, x 6', () => {
    assert.equal(parse('생수 500ml 24개').quantity, 24);
    assert.equal(parse('삼다수 2l 20입').quantity, 20);
    assert.equal(parse('물 2리터 12병').quantity, 12);
    assert.equal(parse('2L x 6').quantity, 6);
    assert.deepEqual(parse('2L x 6').words, []);
  });

  it('drops the label-free wording and filler every product shares', () => {
    assert.deepEqual(words('무라벨 생수 추천'), ['생수']);
    assert.deepEqual(words('무라벨생수'), ['생수']);
    assert.deepEqual(words('에비앙으로 찾아요'), ['에비앙']);
  });

  it('removes particles only when a word is left (삼다수를 → 삼다수, 물이 → 물, 제로 stays)', () => {
    assert.deepEqual(words('삼다수를'), ['삼다수']);
    assert.deepEqual(words('탄산수는'), ['탄산수']);
    assert.deepEqual(words('물이'), ['물']);
    assert.deepEqual(words('제로'), ['제로']);
    assert.deepEqual(words('탄산수 레몬맛'), ['탄산수', '레몬']);
    assert.equal(stripParticle('사과'), '사과', 'a one-syllable stem is no word');
  });

  it('fixes spacing: joins a stray syllable, splits Hangul from digits and known compounds', () => {
    assert.deepEqual(words('탄산 수'), ['탄산수']);
    assert.deepEqual(words('제주 삼다 수'), ['제주', '삼다수']);
    assert.deepEqual(words('트레비lemon'), ['트레비', 'lemon']);
    assert.deepEqual(splitKnownCompound('코카콜라제로', vocabulary.known), ['코카콜라', '제로']);
    assert.deepEqual(splitKnownCompound('옥수수수염차', vocabulary.known), ['옥수수수염차'], 'a known word stays whole');
  });

  it('reads sizes said in words and bare litres: 대용량, 미니, 1.5, 2리터짜리', () => {
    assert.equal(parse('대용량 생수').sizeBand, 'large');
    assert.deepEqual(words('대용량 생수'), ['생수']);
    assert.equal(parse('미니 생수').sizeBand, 'small');
    assert.equal(parse('백산수 1.5').volumeMl, 1500);
    assert.equal(parse('아이시스 8.0').volumeMl, null);
    const glued = parse('2리터짜리 생수 묶음');
    assert.equal(glued.volumeMl, 2000);
    assert.deepEqual(glued.words.map((w) => w.text), ['생수']);
  });

  it('reads a Latin word typed with the keyboard in English mode as the Hangul it was meant to be', () => {
    assert.equal(mistypedHangul('tkaektn', vocabulary.known), '삼다수');
    assert.equal(parse('xkstkstn').words[0]?.hangul, '탄산수');
    assert.equal(mistypedHangul('evian', vocabulary.known), undefined, 'not whole syllables');
    assert.equal(mistypedHangul('top', vocabulary.known), undefined, 'a known word');
  });

  it('marks 초성-only words and gives each word its jamo', () => {
    const [word] = parse('ㅅㄷㅅ').words;
    assert.deepEqual(word, { text: 'ㅅㄷㅅ', jamo: 'ㅅㄷㅅ', choseong: true });
    assert.equal(parse('삼다스').words[0]?.jamo, 'ㅅㅏㅁㄷㅏㅅㅡ');
  });

  it('keeps 초성 as compatibility jamo although the rest is NFKC-folded (full-width letters)', () => {
    assert.equal(normalizeQuery('ＥＶＩＡＮ  ㅅㄷㅅ'), 'evian ㅅㄷㅅ');
  });

  it('has nothing to search in punctuation or emoji alone, and cuts the ranking word to 50 characters', () => {
    for (const q of ['!!!', '🥤🥤🥤', '...', '   ']) {
      const parsed = parse(q);
      assert.deepEqual(parsed.words, [], q);
      assert.equal(parsed.normalized, '', q);
    }
    assert.equal([...parse('가'.repeat(10_000)).normalized].length, 50);
  });
});
