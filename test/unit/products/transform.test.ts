import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkCleanProduct } from '../../../activities/products/clean-product';
import { dedupeProducts } from '../../../activities/products/transform/dedupe-products';
import { dedupeKeyOf } from '../../../activities/products/transform/dedupe-key';
import { hangulFieldsOf } from '../../../activities/products/transform/hangul-fields';
import { transformPartition } from '../../../activities/products/transform/transform-partition';
import { transformRow } from '../../../activities/products/transform/transform-row';
import { rawRow } from './raw-rows';

function productOf(overrides: Parameters<typeof rawRow>[0] = {}) {
  const result = transformRow(rawRow(overrides));
  if (!result.ok) throw new Error(`rejected: ${result.reject.reason} ${result.reject.detail}`);
  return result.product;
}

describe('transformRow', () => {
  it('turns a listing into a product that passes the clean schema', () => {
    const product = productOf();
    assert.equal(checkCleanProduct(product).ok, true);
    assert.equal(product.title, '제주삼다수 그린 무라벨 2L x 6입');
    assert.equal(product.brand, '제주삼다수');
    assert.equal(product.category, '생수');
    assert.equal(product.carbonated, false);
    assert.equal(product.volumeMl, 2000);
    assert.equal(product.quantity, 6);
    assert.equal(product.totalMl, 12000);
  });

  it('computes the price per item and per 100 ml', () => {
    const product = productOf({ title: '트레비 레몬 350ml x 24', price: 16800 });
    assert.equal(product.unitPrice, 700);
    assert.equal(product.pricePer100ml, 200);
    const odd = productOf({ title: '석수 2L x 6', price: 5990 });
    assert.equal(odd.unitPrice, 998.3);
    assert.equal(odd.pricePer100ml, 49.92);
  });

  it('gives a stable id with the source as suffix', () => {
    const a = productOf();
    const b = productOf({ crawledAt: '2026-12-13T02:00:00+09:00', price: 6000 });
    assert.match(a.id, /^[0-9a-f]{12}-gm$/);
    assert.equal(a.id, b.id);
    assert.notEqual(productOf({ title: '제주삼다수 그린 무라벨 2L x 12입' }).id, a.id);
  });

  it('computes the 초성 and jamo fields', () => {
    const product = productOf({ title: '제주삼다수 2L' });
    assert.equal(product.titleChoseong, 'ㅈㅈㅅㄷㅅ 2L');
    assert.equal(product.titleJamo, 'ㅈㅔㅈㅜㅅㅏㅁㄷㅏㅅㅜ 2L');
  });

  const rejects: [string, Parameters<typeof rawRow>[0]][] = [
    ['labelled', { title: '[유라벨] 제주삼다수 2L x 6' }],
    ['label_choice', { title: '백산수 2L x 12 유무 선택' }],
    ['random_shipping', { title: '무라벨 생수 2L x 6 랜덤발송' }],
    ['not_a_drink', { title: '생수 거치대 2L용' }],
    ['no_volume', { title: '무라벨 생수 한 박스' }],
    ['mixed_pack', { title: '생수 1.5L x 6 + 500ml x 6' }],
    ['bad_price', { price: null }],
    ['bad_price', { price: 0 }],
    ['bad_price', { price: 12.5 }],
    ['empty_title', { title: '   ' }],
  ];
  for (const [reason, overrides] of rejects) {
    it(`rejects ${JSON.stringify(overrides)} as ${reason}`, () => {
      const result = transformRow(rawRow(overrides));
      assert.equal(result.ok, false);
      if (!result.ok) assert.equal(result.reject.reason, reason);
    });
  }

  it('rejects a row that breaks the raw schema, naming the field', () => {
    const result = transformRow({ ...rawRow(), price: '6,480원' });
    assert.equal(result.ok, false);
    if (!result.ok) {
      assert.equal(result.reject.reason, 'schema');
      assert.match(result.reject.detail, /\/price/);
    }
    const offset = transformRow({ ...rawRow(), crawledAt: '2026-12-06 02:00' });
    assert.equal(offset.ok, false);
  });
});

describe('dedupeKeyOf', () => {
  it('matches the same product however shops write it', () => {
    const key = dedupeKeyOf('제주삼다수 그린 무라벨 2L x 6입', 2000, 6);
    assert.equal(dedupeKeyOf('무라벨 제주삼다수 그린 2L 6개', 2000, 6), key);
    assert.equal(dedupeKeyOf('제주삼다수 그린 생수 2L x 6병 ECO', 2000, 6), key);
  });

  it('tells apart flavours and pack sizes', () => {
    assert.notEqual(dedupeKeyOf('트레비 레몬 350ml x 24', 350, 24), dedupeKeyOf('트레비 라임 350ml x 24', 350, 24));
    assert.notEqual(dedupeKeyOf('석수 2L x 6', 2000, 6), dedupeKeyOf('석수 2L x 12', 2000, 12));
  });
});

describe('dedupeProducts', () => {
  it('keeps the cheapest shop and remembers every shop’s offer', () => {
    const gm = productOf({ title: '[무료배송] 제주 삼다수 그린 무라벨 2L x 6입', price: 6480 });
    const eb = productOf({ shop: 'eco-box', source: 'eb', shopItemId: 'E77', title: '무라벨 제주삼다수 그린 2L*6개', price: 5990, link: 'http://x/eb/E77' });
    const mm = productOf({ shop: 'mul-maru', source: 'mm', shopItemId: 'M1', title: '삼다수 그린 무라벨 2리터 6병', price: 7000, link: 'http://x/mm/M1' });
    const { products, mergedAcrossShops } = dedupeProducts([gm, eb, mm]);
    assert.equal(products.length, 1);
    assert.equal(mergedAcrossShops, 2);
    const [product] = products;
    assert.ok(product);
    assert.equal(product.price, 5990);
    assert.equal(product.source, 'eb');
    assert.match(product.id, /-eb$/);
    assert.equal(product.link, 'http://x/eb/E77');
    assert.deepEqual(product.offers.map((o) => [o.source, o.price]), [['eb', 5990], ['gm', 6480], ['mm', 7000]]);
    assert.equal(checkCleanProduct(product).ok, true);
  });

  it('counts a listing seen on two pages once', () => {
    const { products, repeatedItems } = dedupeProducts([productOf(), productOf()]);
    assert.equal(products.length, 1);
    assert.equal(repeatedItems, 1);
    assert.equal(products[0]?.offers.length, 1);
  });

  it('gives the same ids whatever the input order', () => {
    const rows = [productOf({ price: 6000 }), productOf({ shop: 'eco-box', source: 'eb', shopItemId: 'E1', price: 6000 }), productOf({ title: '석수 2L x 6', shopItemId: 'S' })];
    const forward = dedupeProducts(rows).products.map((p) => p.id);
    const backward = dedupeProducts([...rows].reverse()).products.map((p) => p.id);
    assert.deepEqual(forward, backward);
    // A tie on price goes to the lower source code.
    assert.ok(forward.some((id) => id.endsWith('-eb')));
  });
});

describe('transformPartition', () => {
  it('counts products and rejects by reason, and keeps unparsable lines as rejects', () => {
    const lines = [
      JSON.stringify(rawRow()),
      JSON.stringify(rawRow({ shopItemId: 'GM-2', title: '트레비 라임 350ml x 24', price: 16000 })),
      JSON.stringify(rawRow({ shopItemId: 'GM-3', title: '무라벨 생수 2L 6개 랜덤발송' })),
      '{"broken": ',
      '',
      JSON.stringify(rawRow()),
    ].join('\n');
    const { products, rejects, counts } = transformPartition(lines);
    assert.equal(counts.rows, 5);
    assert.equal(products.length, 2);
    assert.equal(counts.rejected, 2);
    assert.equal(counts.byReason.random_shipping, 1);
    assert.equal(counts.byReason.schema, 1);
    assert.equal(counts.repeatedItems, 1);
    assert.equal(rejects.length, 2);
  });
});

describe('hangulFieldsOf', () => {
  it('keeps Latin letters and digits in the 초성 field', () => {
    assert.deepEqual(hangulFieldsOf('트레비 레몬 350ml'), { titleChoseong: 'ㅌㄹㅂ ㄹㅁ 350ml', titleJamo: 'ㅌㅡㄹㅔㅂㅣ ㄹㅔㅁㅗㄴ 350ml' });
  });
});
