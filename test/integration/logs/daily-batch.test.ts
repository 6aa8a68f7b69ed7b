import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PublishedProductClicks } from '../../../activities/logs/daily-batch';
import { productKey } from '../../../activities/logs/plan-batch';
import { productMinPriceKey } from '../../../activities/logs/product-clicks';
import { readOffsetRanges } from '../../../activities/logs/read-offset-ranges';
import { waitForRun } from '../../../control/runs';
import { triggerDag } from '../../../control/trigger';
import { parseAggregateMessage, type ProductClicksMessage } from '../../../domain/aggregate-messages';
import type { EventUser } from '../../../domain/events';
import { TOPICS } from '../../../infra/contracts';
import { useStores } from '../../support/stores';
import { useWorker } from '../../support/worker';
import { fillHotTier, hotEvent } from './fill-hot-tier';

const { config, stores } = useStores();
/** The test's day is synthetic (2004–2007) and no aggregator reads logs.raw here: skip the sensor (tested on its own). */
const NO_WAIT = { waitForAggregator: false };
useWorker(config, stores);

const kim: EventUser = { userId: 'kim01', gender: 'W', ageBand: 20, region: 'seoul' };
const lee: EventUser = { userId: 'lee02', gender: 'M', ageBand: 20, region: 'busan' };
const click = (time: string, productId: string, volumeMl: number | null, unitPrice: number | null, user: EventUser | null) => hotEvent('product_click', time, { productId, name: `${productId} 무라벨 생수`, volumeMl, unitPrice }, user);

describe('logs_daily_batch on the real stack (Redis → Kafka logs.aggregates)', () => {
  it('publishes the day’s clicks per product × volume × gender × age band with the lowest unit price', { timeout: 120_000 }, async () => {
    // A random day of 2003: its hot keys are this run's alone.
    const day = new Date(Date.UTC(2003, 0, 1) + Math.floor(Math.random() * 365) * 86_400_000).toISOString().slice(0, 10);
    await stores.redis.redis.del(productKey(day), productMinPriceKey(day));
    await fillHotTier(stores.redis.redis, [
      click(`${day}T09:00:00`, 'p-spring-coupang', 500, 120.5, kim),
      click(`${day}T10:00:00`, 'p-spring-coupang', 500, 118, kim),
      click(`${day}T11:00:00`, 'p-spring-coupang', 500, 130, kim),
      click(`${day}T12:00:00`, 'p-spring-coupang', 500, 99, lee),
      click(`${day}T13:00:00`, 'p-spring-coupang', 2000, 60, kim),
      click(`${day}T14:00:00`, 'p-sparkle', null, null, null),
      click(`${day}T23:59:59`, 'p-sparkle', null, null, null),
    ]);
    const admin = await stores.kafka.admin();
    const before = await admin.fetchTopicOffsets(TOPICS.logsAggregates);

    const client = await stores.temporal.client();
    const run = await triggerDag(client, 'logs_daily_batch', { date: day, conf: NO_WAIT });
    const result = await waitForRun(client, run.workflowId, run.runId);
    assert.equal(result.status, 'success', JSON.stringify(result.tasks.map((t) => [t.taskId, t.error])));
    const published = result.outputs.publish_product_clicks as PublishedProductClicks;
    assert.equal(published.day, day);
    assert.deepEqual([published.messages, published.clicks, published.skipped], [4, 7, 0]);

    // Everything published to the topic since, read independently of the ranges the task reported.
    const after = await admin.fetchTopicOffsets(TOPICS.logsAggregates);
    const fresh = after.map((p) => ({ partition: p.partition, from: before.find((b) => b.partition === p.partition)?.offset ?? '0', to: p.high }));
    const ours: (ProductClicksMessage & { key: string; partition: number; offset: string })[] = [];
    await readOffsetRanges(stores.kafka, TOPICS.logsAggregates, fresh, (partition, m) => {
      const parsed = parseAggregateMessage(m.value ?? '');
      if (parsed.ok && parsed.message.kind === 'product_clicks' && parsed.message.batch === published.batch) ours.push({ ...parsed.message, key: m.key?.toString() ?? '', partition, offset: m.offset });
    });
    const byKey = Object.fromEntries(ours.map((m) => [m.key, [m.count, m.minUnitPrice]]));
    assert.deepEqual(byKey, {
      [`product_clicks|${day}|p-spring-coupang|500|W|20`]: [3, 118],
      [`product_clicks|${day}|p-spring-coupang|500|M|20`]: [1, 99],
      [`product_clicks|${day}|p-spring-coupang|2000|W|20`]: [1, 60],
      [`product_clicks|${day}|p-sparkle|-|-|-`]: [2, null],
    });
    assert.ok(ours.every((m) => m.day === day && m.kind === 'product_clicks'));
    const inRanges = ours.filter((m) => published.ranges.some((r) => r.partition === m.partition && BigInt(m.offset) >= BigInt(r.from) && BigInt(m.offset) < BigInt(r.to)));
    assert.equal(inRanges.length, 4, 'the offsets the task reported are exactly where its messages are');
    assert.equal(published.ranges.reduce((n, r) => n + Number(BigInt(r.to) - BigInt(r.from)), 0), 4);
  });
});
