/**
 * `wait_aggregated` inside a real run of `logs_daily_batch`: held while the real-time aggregator is behind on
 * `logs.raw`, released once it has caught up, and only then does the day get published.
 *
 * The aggregator's progress is what the test sets, so the run works on stores of the test's own: a Kafka of
 * its own (its `logs.raw` and `logs.aggregates`) and a Redis database of its own (the aggregator's offsets and
 * the day's hot keys), used by a worker on a task queue of its own that runs a copy of the DAG (same tasks,
 * sensor poked every 2 s instead of every minute).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PublishedProductClicks } from '../../../activities/logs/daily-batch';
import { productKey } from '../../../activities/logs/plan-batch';
import { productMinPriceKey } from '../../../activities/logs/product-clicks';
import { waitForRun } from '../../../control/runs';
import { AGG_STATE, TOPICS } from '../../../infra/contracts';
import type { KafkaStore } from '../../../infra/kafka';
import { KafkaTopicWriter } from '../../../infra/kafka-writer/topic-writer';
import type { Stores } from '../../../infra/stores';
import { logsDailyBatch } from '../../../workflows/dags/logs-daily-batch';
import { startTestDag, taskOf, testCopyOf, waitForState } from '../../support/dag-runs';
import { useOwnKafka } from '../../support/own-kafka';
import { TEST_REDIS_DATABASES, uniqueSuffix, useRedisDatabase, useStores } from '../../support/stores';
import { useWorker } from '../../support/worker';
import { fillHotTier, hotEvent } from './fill-hot-tier';

const { config, stores } = useStores();
const ownKafka = useOwnKafka(config);
const ownRedis = useRedisDatabase(config, TEST_REDIS_DATABASES.aggregatorProgress);
const queue = `test-wait-aggregated-${uniqueSuffix()}`;
/** The worker of the DAG's tasks sees the own Kafka and Redis database; the rest are the stack's. */
const taskStores: Stores = {
  ...stores,
  get kafka(): KafkaStore {
    return ownKafka.store;
  },
  redis: ownRedis,
};
useWorker(config, stores); // runDag itself, on the `dags` queue
useWorker(config, taskStores, queue);

const dagUnderTest = testCopyOf(logsDailyBatch, { id: 'test_wait_aggregated', taskQueue: queue, pokeInterval: '2s' });

describe('wait_aggregated in a real logs_daily_batch run', () => {
  it('holds the day while the aggregator is behind on logs.raw and publishes it once the aggregator has caught up', { timeout: 180_000 }, async () => {
    const { store: kafka } = ownKafka;
    // A random day of 2006, long over, so only the aggregator's progress decides.
    // One daily interval per day: draw from 20 years so reruns on a long-lived stack hardly ever meet an earlier run.
    const day = new Date(Date.UTC(1990, 0, 1) + Math.floor(Math.random() * 7300) * 86_400_000).toISOString().slice(0, 10);
    const redis = ownRedis.redis;
    const offsetsKey = AGG_STATE.offsets(TOPICS.logsRaw);
    await redis.del(offsetsKey, productKey(day), productMinPriceKey(day));
    await kafka.ensureTopics([
      { topic: TOPICS.logsRaw, numPartitions: 3, replicationFactor: 1 },
      { topic: TOPICS.logsAggregates, numPartitions: 3, replicationFactor: 1 },
    ]);
    const writer = new KafkaTopicWriter({ settings: kafka.settings, topic: TOPICS.logsRaw });
    try {
      await writer.send(Array.from({ length: 30 }, (_, i) => ({ key: `session-${i}`, value: `{"n":${i}}` })));
    } finally {
      writer.close();
    }
    const admin = await kafka.admin();
    const high = new Map((await admin.fetchTopicOffsets(TOPICS.logsRaw)).map((p) => [p.partition, p.high]));
    assert.deepEqual([...high.keys()].sort(), [0, 1, 2]);
    assert.ok([...high.values()].every((h) => Number(h) > 0), 'every partition holds events');
    await fillHotTier(redis, [
      hotEvent('product_click', `${day}T09:00:00`, { productId: 'p-wait', name: 'p-wait 무라벨 생수', volumeMl: 500, unitPrice: 100 }),
      hotEvent('product_click', `${day}T23:59:00`, { productId: 'p-wait', name: 'p-wait 무라벨 생수', volumeMl: 500, unitPrice: 90 }),
    ]);
    // Partition 0 is read to its end; partitions 1 and 2 still hold unread events of the day.
    const lastEvent = String(Date.parse(`${day}T23:59:00+09:00`));
    await redis.hset(offsetsKey, { '0': String(high.get(0)), '0:wm': lastEvent, '1': '0', '1:wm': lastEvent, '2': '0' });

    const client = await stores.temporal.client();
    const run = await startTestDag(client, dagUnderTest, { date: day });
    try {
      // Between pokes (not during one, when it is 'running'), after the third.
      const held = await waitForState(client, run.workflowId, (s) => taskOf(s, 'wait_aggregated').attempts >= 3 && taskOf(s, 'wait_aggregated').state === 'up_for_reschedule', 60_000);
      const sensor = taskOf(held, 'wait_aggregated');
      assert.equal(held.status, 'running');
      assert.ok(sensor.attempts >= 3, `poked ${sensor.attempts} times`);
      assert.equal(sensor.state, 'up_for_reschedule');
      assert.match(sensor.note ?? '', new RegExp(`the aggregator has not passed ${day} yet`));
      assert.match(sensor.note ?? '', /partition 1: \d+ unread.*partition 2: \d+ unread, watermark none/);
      assert.doesNotMatch(sensor.note ?? '', /partition 0/);
      assert.equal(taskOf(held, 'publish_product_clicks').state, 'none', 'the day waits');
      const nothingYet = await admin.fetchTopicOffsets(TOPICS.logsAggregates);
      assert.equal(nothingYet.reduce((n, p) => n + Number(p.high), 0), 0, 'nothing published while held');

      // The aggregator catches up: partitions 1 and 2 read to their end.
      await redis.hset(offsetsKey, { '1': String(high.get(1)), '2': String(high.get(2)), '2:wm': lastEvent });
      const done = await waitForState(client, run.workflowId, (s) => s.status !== 'running', 60_000);
      assert.equal(done.status, 'success', JSON.stringify(done.tasks.map((t) => [t.taskId, t.state, t.error ?? t.note])));
      assert.equal(taskOf(done, 'wait_aggregated').state, 'success');
      const published = await waitForRun(client, run.workflowId, run.runId);
      assert.deepEqual(published.outputs.wait_aggregated, { day, waited: true });
      const clicks = published.outputs.publish_product_clicks as PublishedProductClicks;
      assert.deepEqual([clicks.day, clicks.messages, clicks.clicks], [day, 1, 2]);
      const after = await admin.fetchTopicOffsets(TOPICS.logsAggregates);
      assert.equal(after.reduce((n, p) => n + Number(p.high), 0), 1, 'published after the release');
    } finally {
      const desc = await client.workflow.getHandle(run.workflowId, run.runId).describe();
      if (desc.status.name === 'RUNNING') await client.workflow.getHandle(run.workflowId, run.runId).terminate('test ended');
      await redis.del(offsetsKey, productKey(day), productMinPriceKey(day), AGG_STATE.stats);
    }
  });
});
