import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classifyProduct } from '../../../activities/products/transform/category';
import { noiseReasonOf } from '../../../activities/products/transform/noise';

describe('noiseReasonOf', () => {
  it('finds labelled bottles', () => {
    assert.equal(noiseReasonOf('[유라벨] 제주삼다수 2L x 6'), 'labelled');
    assert.equal(noiseReasonOf('석수 2L 라벨 있음'), 'labelled');
  });

  it('finds offers where the buyer picks label or none', () => {
    assert.equal(noiseReasonOf('백산수 2L 12병 유무 선택'), 'label_choice');
    assert.equal(noiseReasonOf('백산수 2L 12병 (유/무라벨)'), 'label_choice');
    assert.equal(noiseReasonOf('평창수 500ml 라벨 선택'), 'label_choice');
  });

  it('finds random shipping', () => {
    assert.equal(noiseReasonOf('생수 2L 6개 랜덤발송'), 'random_shipping');
    assert.equal(noiseReasonOf('생수 2L 6개 (디자인 랜덤)'), 'random_shipping');
  });

  it('finds accessories', () => {
    assert.equal(noiseReasonOf('생수병 거치대 2L용'), 'not_a_drink');
  });

  it('lets a label-free product through', () => {
    assert.equal(noiseReasonOf('제주삼다수 그린 무라벨 2L x 6입'), null);
    assert.equal(noiseReasonOf('트레비 무라벨 레몬 350ml x 24'), null);
    // "두유 무라벨" is soy milk without a label, not "유/무라벨".
    assert.equal(noiseReasonOf('코멧 두유 무라벨 190ml x 24입'), null);
  });
});

describe('classifyProduct', () => {
  const cases: [string, string, boolean][] = [
    ['제주삼다수 무라벨 2L x 6', '생수', false],
    ['무라벨 생수 500ml x 20', '생수', false],
    ['트레비 레몬 350ml x 24', '탄산수', true],
    ['무라벨 탄산수 500ml x 20', '탄산수', true],
    ['하늘보리 무라벨 500ml x 20', '차', false],
    ['옥수수 수염차 1.5L x 12', '차', false],
    ['무라벨 블랙커피 270ml x 20', '커피', false],
    ['제로콜라 무라벨 500ml x 24', '음료', true],
    ['이온음료 무라벨 500ml x 20', '음료', false],
  ];
  for (const [title, category, carbonated] of cases) {
    it(`puts "${title}" under ${category}${carbonated ? ', carbonated' : ''}`, () => {
      assert.deepEqual(classifyProduct(title, null), { category, carbonated });
    });
  }

  it('uses the shop’s category when the title says nothing', () => {
    assert.equal(classifyProduct('그린 무라벨 2L x 6', '생수/먹는샘물').category, '생수');
    assert.equal(classifyProduct('그린 무라벨 2L x 6', null).category, '기타');
  });
});
