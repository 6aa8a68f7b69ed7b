/**
 * The hot tier keeps a day 48 hours: every key the aggregator's Redis step writes (counters of each window,
 * rankings, lowest prices, de-duplication sets) expires 48 h after its last write; its own statistics and
 * offsets do not expire.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyBatch } from '../../../activities/logs/apply-batch';
import { planBatch } from '../../../activities/logs/plan-batch';
import type { EventUser } from '../../../domain/events';
import { AGG_STATE } from '../../../infra/contracts';
import { randomMinuteIn } from '../../support/dag-runs';
import { uniqueSuffix, useStores } from '../../support/stores';
import { hotEvent } from './fill-hot-tier';

const { stores } = useStores();

/** 48 hours, in seconds: written out rather than taken from the code under test. */
const FORTY_EIGHT_HOURS_S = 172_800;

describe('hot-tier expiry (real Redis, the aggregator’s Lua step)', () => {
  it('gives every key of a batch a 48-hour TTL, and none to the aggregator’s own state', async () => {
    const redis = stores.redis.redis;
    // A random day of 2007: its keys are this run's alone.
    const day = randomMinuteIn(2007).toISOString().slice(0, 10);
    const park: EventUser = { userId: 'park03', gender: 'W', ageBand: 30, region: 'seoul' };
    const events = [
      hotEvent('search', `${day}T10:00:00`, { word: '무라벨' }, park),
      hotEvent('product_click', `${day}T10:01:00`, { productId: 'p-ttl', name: 'p-ttl 무라벨 생수', volumeMl: 500, unitPrice: 100 }, park),
      hotEvent('page_view', `${day}T10:02:00`, {}),
    ];
    const plan = planBatch(events, 0, Number.MAX_SAFE_INTEGER);
    const written = [...new Set([...plan.seen.keys(), ...plan.hincr.keys(), ...plan.zincr.keys(), ...plan.hmin.keys()])];
    const hot = written.filter((k) => k !== AGG_STATE.stats);
    const topic = `test.ttl.${uniqueSuffix()}`;
    try {
      const outcome = await applyBatch(redis, plan, { topic, partition: 0, firstOffset: '0', nextOffset: String(events.length) });
      assert.deepEqual(outcome, { status: 'ok' });
      // The batch writes every kind of key: counters, rankings, lowest prices and de-duplication sets.
      assert.ok(plan.seen.size > 0 && plan.zincr.size > 0 && plan.hmin.size > 0 && hot.length > plan.seen.size + plan.zincr.size + plan.hmin.size, `keys: ${hot.join(', ')}`);
      const ttls = await Promise.all(hot.map(async (k) => [k, await redis.ttl(k)] as const));
      const wrong = ttls.filter(([, ttl]) => ttl > FORTY_EIGHT_HOURS_S || ttl < FORTY_EIGHT_HOURS_S - 60);
      assert.deepEqual(wrong, [], 'keys whose TTL is not 48 h');
      assert.equal(await redis.ttl(AGG_STATE.offsets(topic)), -1, 'the offsets do not expire');
      assert.equal(await redis.ttl(AGG_STATE.stats), -1, 'the statistics do not expire');
    } finally {
      await redis.del(...hot, AGG_STATE.offsets(topic));
      await redis.hdel(AGG_STATE.stats, `events:${day}`);
    }
  });
});
