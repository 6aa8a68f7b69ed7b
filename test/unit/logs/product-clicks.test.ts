import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseAggregateMessage, productClicksKey } from '../../../domain/aggregate-messages';
import { parseProductField, productClicksMessages, toProductClicksOutgoing } from '../../../activities/logs/product-clicks';

describe('parseProductField', () => {
  it('reads product, volume, gender and age band, with - for unknown', () => {
    assert.deepEqual(parseProductField('p-100-coupang|500|W|20'), { productId: 'p-100-coupang', volumeMl: 500, gender: 'W', ageBand: 20 });
    assert.deepEqual(parseProductField('p-7|-|-|-'), { productId: 'p-7', volumeMl: null, gender: null, ageBand: null });
  });

  it('keeps a product id that contains the separator whole', () => {
    assert.equal(parseProductField('a|b|2000|M|30')?.productId, 'a|b');
  });

  it('rejects fields without the four parts or with bad numbers', () => {
    assert.equal(parseProductField('p-1|500|W'), undefined);
    assert.equal(parseProductField('p-1|big|W|20'), undefined);
    assert.equal(parseProductField('p-1|500|X|20'), undefined);
  });
});

describe('productClicksMessages', () => {
  it('gives one valid message per group with its count and lowest unit price, keyed by day and dimensions', () => {
    const { messages, skipped } = productClicksMessages('2026-02-28', { 'p-2|500|W|20': '3', 'p-1|2000|-|-': '1', broken: '4' }, { 'p-2|500|W|20': '12.5' }, 'dag:logs_daily_batch:x#1');
    assert.deepEqual(skipped, ['broken']);
    assert.deepEqual(
      messages.map((m) => [m.productId, m.count, m.minUnitPrice]),
      [
        ['p-1', 1, null],
        ['p-2', 3, 12.5],
      ],
    );
    for (const m of messages) assert.ok(parseAggregateMessage(toProductClicksOutgoing(m).value).ok);
    assert.equal(toProductClicksOutgoing(messages[1]!).key, 'product_clicks|2026-02-28|p-2|500|W|20');
    assert.equal(productClicksKey(messages[0]!), 'product_clicks|2026-02-28|p-1|2000|-|-');
  });
});
