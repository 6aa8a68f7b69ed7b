/**
 * The real-time aggregator through a Kafka outage: on a Kafka of the test's own (stopped and started by the
 * test) and a Redis database of its own, it must resume within 5 s of Kafka's return and count every event once.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runAggregator, type AggregatorProgress } from '../../../activities/logs/aggregator';
import { AGG_STATE, TOPICS } from '../../../infra/contracts';
import { KafkaTopicWriter } from '../../../infra/kafka-writer/topic-writer';
import { useOwnKafka } from '../../support/own-kafka';
import { TEST_REDIS_DATABASES, uniqueSuffix, useRedisDatabase, useStores } from '../../support/stores';
import { hotEvent } from './fill-hot-tier';

const { config } = useStores();
const ownKafka = useOwnKafka(config);
const redis = useRedisDatabase(config, TEST_REDIS_DATABASES.aggregatorOutage);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function send(n: number): Promise<void> {
  const writer = new KafkaTopicWriter({ settings: ownKafka.store.settings, topic: TOPICS.logsRaw });
  try {
    const events = Array.from({ length: n }, (_, i) => hotEvent('page_view', `2005-03-0${1 + (i % 3)}T10:00:00`, {}));
    await writer.send(events.map((e) => ({ key: e.sessionId, value: JSON.stringify(e) })));
  } finally {
    writer.close();
  }
}

describe('the aggregator through a Kafka outage (a Kafka of the test’s own)', () => {
  it('resumes within 5 s of Kafka’s return and counts every event once', { timeout: 240_000 }, async (t) => {
    await redis.redis.del(AGG_STATE.offsets(TOPICS.logsRaw));
    await ownKafka.store.ensureTopics([
      { topic: TOPICS.logsRaw, numPartitions: 3, replicationFactor: 1 },
      { topic: TOPICS.logsDlq, numPartitions: 1, replicationFactor: 1 },
    ]);
    const stop = new AbortController();
    let progress: AggregatorProgress = { applied: 0, late: 0, duplicates: 0, dlq: 0, offsets: {} };
    const running = runAggregator(ownKafka.store, redis, { groupId: `test-outage-${uniqueSuffix()}`, signal: stop.signal, onProgress: (p) => (progress = p) });
    const waitApplied = async (n: number, ms: number): Promise<number> => {
      const start = Date.now();
      while (progress.applied + progress.late < n && Date.now() - start < ms) await sleep(50);
      return Date.now() - start;
    };
    try {
      await send(100);
      await waitApplied(100, 60_000);
      assert.equal(progress.applied + progress.late, 100, 'the first events were counted');

      await ownKafka.stop();
      await sleep(20_000); // long enough for the consumer's retries to run out and back off
      await ownKafka.start();
      const back = Date.now();
      await send(50);
      const waited = await waitApplied(150, 60_000);
      const sinceReturn = Date.now() - back;
      assert.equal(progress.applied + progress.late, 150, `every event counted once (${progress.applied} + ${progress.late} late)`);
      assert.equal(progress.duplicates, 0);
      t.diagnostic(`counting again ${sinceReturn} ms after Kafka's return`);
      assert.ok(sinceReturn < 5000, `resumed ${sinceReturn} ms after Kafka's return (waited ${waited} ms after the send)`);
    } finally {
      stop.abort();
      await running.catch(() => undefined);
    }
  });
});
