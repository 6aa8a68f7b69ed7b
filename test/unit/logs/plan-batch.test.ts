import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LogEvent } from '../../../domain/events';
import { AGG_STATE, aggField } from '../../../infra/contracts';
import { bucketsOf, planBatch } from '../../../activities/logs/plan-batch';

let n = 0;
const member = { userId: 'kim01', gender: 'W' as const, ageBand: 20 as const, region: 'seoul' as const };
const ev = (type: string, time: string, data: Record<string, unknown>, user: LogEvent['user'] = member): LogEvent =>
  ({ id: `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`, type, time, sessionId: 'sess-0001', page: '/', user, data }) as LogEvent;

describe('bucketsOf', () => {
  it('cuts Korea-time tumbling buckets: minute, 5 minutes, hour, day', () => {
    // 2026-11-24T15:07:30Z is 2026-11-25 00:07:30 in Seoul: the next day.
    assert.deepEqual(bucketsOf(Date.parse('2026-11-24T15:07:30Z')), { minute: '2026-11-25T00:07', fiveMinutes: '2026-11-25T00:05', hour: '2026-11-25T00', day: '2026-11-25' });
  });
});

describe('planBatch', () => {
  it('counts an event in every window by type × gender × age band × region, with menu sub-types', () => {
    const plan = planBatch([ev('menu_click', '2026-11-25T09:16:10+09:00', { menu: 'nolabel' })], 0);
    const field = aggField('menu_click:nolabel', 'W', 20, 'seoul');
    for (const key of ['agg:1m:2026-11-25T09:16', 'agg:5m:2026-11-25T09:15', 'agg:1h:2026-11-25T09', 'agg:1d:2026-11-25']) {
      assert.equal(plan.hincr.get(key)?.get(field), 1, key);
    }
    assert.equal(plan.hincr.get(AGG_STATE.stats)?.get('events:2026-11-25'), 1);
  });

  it('sums points of eco-point grants and counts failures', () => {
    const plan = planBatch(
      [ev('ecopoint', '2026-11-25T10:00:00+09:00', { service: 1, points: 30, imageId: 'a', failCode: null }), ev('ecopoint', '2026-11-25T10:01:00+09:00', { service: 1, points: 0, imageId: 'b', failCode: 'ImgNotToday' })],
      0,
    );
    const day = plan.hincr.get('agg:1d:2026-11-25');
    assert.equal(day?.get(aggField('ecopoint:1', 'W', 20, 'seoul')), 2);
    assert.equal(day?.get(aggField('points:ecopoint:1', 'W', 20, 'seoul')), 30);
    assert.equal(day?.get(aggField('ecopoint_fail:1', 'W', 20, 'seoul')), 1);
  });

  it('ranks search words per day and minute for every dimension the user has, anonymous only overall', () => {
    const anon = { userId: null, gender: null, ageBand: null, region: null };
    const plan = planBatch([ev('search', '2026-11-25T09:00:00+09:00', { word: '생수' }), ev('search', '2026-11-25T09:00:05+09:00', { word: ' 생수 ' }, anon)], 0);
    assert.equal(plan.zincr.get('rank:search:2026-11-25:all')?.get('생수'), 2);
    assert.equal(plan.zincr.get('rank:search:2026-11-25:g:W')?.get('생수'), 1);
    assert.equal(plan.zincr.get('rank:search:2026-11-25:a:20')?.get('생수'), 1);
    assert.equal(plan.zincr.get('rank:search:2026-11-25:ga:W:20')?.get('생수'), 1);
    assert.equal(plan.zincr.get('rank:search:m:2026-11-25T09:00:all')?.get('생수'), 2);
    assert.equal(plan.hincr.get('agg:1d:2026-11-25')?.get('search|-|-|-'), 1, 'anonymous dimensions are "-"');
  });

  it('keeps the lowest unit price of product clicks for the daily batch', () => {
    const click = (price: number) => ev('product_click', '2026-11-25T11:00:00+09:00', { productId: 'p1', name: '무라벨 생수', volumeMl: 2000, unitPrice: price });
    const plan = planBatch([click(450), click(390), click(410)], 0);
    assert.equal(plan.hincr.get('agg:product:2026-11-25')?.get('p1|2000|W|20'), 3);
    assert.equal(plan.hmin.get('agg:product:2026-11-25:min_unit_price')?.get('p1|2000|W|20'), 390);
  });

  it('moves the watermark and counts events older than the grace period as late only', () => {
    const plan = planBatch(
      [ev('page_view', '2026-11-25T12:10:00+09:00', {}), ev('page_view', '2026-11-25T12:09:00+09:00', {}), ev('page_view', '2026-11-25T12:05:00+09:00', {})],
      0,
      120_000,
    );
    assert.equal(plan.watermark, Date.parse('2026-11-25T12:10:00+09:00'));
    assert.equal(plan.counted, 2, 'one minute behind the watermark is within the grace');
    assert.equal(plan.late, 1);
    assert.equal(plan.hincr.get(AGG_STATE.stats)?.get('late:2026-11-25'), 1);
    assert.equal(plan.hincr.get('agg:1m:2026-11-25T12:05'), undefined, 'a late event reaches no window');
  });

  it('records every event id for de-duplication under its event-time hour', () => {
    const a = ev('login', '2026-11-25T08:59:59+09:00', {});
    const b = ev('login', '2026-11-25T09:00:00+09:00', {});
    const plan = planBatch([a, b], 0);
    assert.deepEqual(plan.seen.get(AGG_STATE.seen('2026-11-25T08')), [a.id]);
    assert.deepEqual(plan.seen.get(AGG_STATE.seen('2026-11-25T09')), [b.id]);
  });
});
