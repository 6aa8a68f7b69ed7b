import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { aggregatorProgress, partitionsBehind } from '../../../activities/logs/aggregator-progress';
import { AGG_STATE } from '../../../infra/contracts';
import { KafkaTopicWriter } from '../../../infra/kafka-writer/topic-writer';
import { useStores, uniqueSuffix } from '../../support/stores';

const { stores } = useStores();

describe('aggregator progress (real Kafka offsets, real Redis aggregator state)', () => {
  it('tells partitions that hold unread events before the day’s end from those read or past it', async () => {
    const topic = `test.progress.${uniqueSuffix()}`;
    await stores.kafka.ensureTopics([{ topic, numPartitions: 3, replicationFactor: 1 }]);
    const writer = new KafkaTopicWriter({ settings: stores.kafka.settings, topic });
    try {
      await writer.send(Array.from({ length: 60 }, (_, i) => ({ key: `session-${i}`, value: `{"n":${i}}` })));
    } finally {
      writer.close();
    }
    const dayEnd = Date.parse('2026-11-26T00:00:00+09:00');
    const now = dayEnd + 600_000;
    const state = AGG_STATE.offsets(topic);
    try {
      // Nothing stored yet: the aggregator has read no partition, every one holds events.
      const fresh = await aggregatorProgress(stores, topic);
      assert.deepEqual(fresh.map((p) => [p.partition, p.low]), [[0, 0], [1, 0], [2, 0]]);
      assert.equal(fresh.reduce((n, p) => n + p.high, 0), 60, 'Kafka’s offsets');
      assert.deepEqual(partitionsBehind(fresh, dayEnd, now).map((p) => p.partition), [0, 1, 2]);

      // Partition 0 read to its end, partition 1 behind but its watermark past the day, partition 2 behind.
      const high = new Map(fresh.map((p) => [p.partition, p.high]));
      await stores.redis.redis.hset(state, { '0': String(high.get(0)), '0:wm': String(dayEnd - 60_000), '1': '0', '1:wm': String(dayEnd + 1), '2': '0', '2:wm': String(dayEnd - 1) });
      const later = await aggregatorProgress(stores, topic);
      assert.deepEqual(later.find((p) => p.partition === 1), { partition: 1, low: 0, high: high.get(1), nextOffset: 0, watermark: dayEnd + 1 });
      assert.deepEqual(partitionsBehind(later, dayEnd, now).map((p) => p.partition), [2]);

      await stores.redis.redis.hset(state, '2', String(high.get(2)));
      assert.deepEqual(partitionsBehind(await aggregatorProgress(stores, topic), dayEnd, now), []);
    } finally {
      await stores.redis.redis.del(state);
      await (await stores.kafka.admin()).deleteTopics({ topics: [topic] }).catch(() => undefined);
    }
  });
});
