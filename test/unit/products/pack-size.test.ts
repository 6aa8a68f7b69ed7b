import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalizeTitle } from '../../../activities/products/transform/normalize-title';
import { extractPackSize } from '../../../activities/products/transform/pack-size';

const sizeOf = (raw: string) => extractPackSize(normalizeTitle(raw).title);

describe('extractPackSize', () => {
  const cases: [string, number, number][] = [
    ['2L x 6개', 2000, 6],
    ['500ml*20병', 500, 20],
    ['생수 1.5L 12입', 1500, 12],
    ['무라벨 탄산수 350mL×24', 350, 24],
    ['2리터', 2000, 1],
    ['1.5L*6+1.5L*6', 1500, 12],
    ['제주삼다수 그린 무라벨 2L x 6입', 2000, 6],
    ['아이시스 8.0 ECO 무라벨 500ml x 20입', 500, 20],
    ['500ml 20+4병', 500, 24],
    ['500ml x 20병 x 2박스', 500, 40],
    ['2L 6개입 2팩', 2000, 12],
    ['330ml 총 40개', 330, 40],
    ['1,000ml x 12', 1000, 12],
    ['0.5L 20개', 500, 20],
    ['몽베르 330ml 20개 x 2', 330, 40],
    ['제주삼다수 2L 6병 1팩', 2000, 6],
    ['트레비 300㎖ 20캔', 300, 20],
    ['ＦＵＬＬ　ＷＩＤＴＨ ５００ｍｌ×２０', 500, 20],
    ['보리차 1.5 리터 x 12', 1500, 12],
    ['블랙커피 250cc 30개', 250, 30],
  ];
  for (const [title, volumeMl, quantity] of cases) {
    it(`reads "${title}" as ${volumeMl} ml x ${quantity}`, () => {
      assert.deepEqual(sizeOf(title), { volumeMl, quantity });
    });
  }

  it('refuses a title without a volume', () => {
    assert.deepEqual(sizeOf('생수 거치대 블랙'), { problem: 'no_volume' });
  });

  it('refuses a bundle of different volumes', () => {
    assert.deepEqual(sizeOf('1.5L x 6 + 500ml x 6'), { problem: 'mixed_pack' });
  });

  it('refuses sizes no bottle has', () => {
    assert.deepEqual(sizeOf('물 5ml'), { problem: 'implausible_pack' });
    assert.deepEqual(sizeOf('물 2L x 1000'), { problem: 'implausible_pack' });
  });

  it('does not take a model number for a volume', () => {
    assert.deepEqual(sizeOf('아이시스 8.0 2L'), { volumeMl: 2000, quantity: 1 });
  });
});
