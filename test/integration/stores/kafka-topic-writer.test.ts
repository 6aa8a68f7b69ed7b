import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isCiaoError } from '../../../domain/errors';
import { partitionForKey } from '../../../infra/kafka-writer/murmur2';
import { KafkaTopicWriter } from '../../../infra/kafka-writer/topic-writer';
import type { KafkaStore } from '../../../infra/kafka';
import { consumeUntil } from '../../support/kafka';
import { useOwnKafka } from '../../support/own-kafka';
import { useStores, uniqueSuffix } from '../../support/stores';

const { config, stores } = useStores();
/** The restart case stops a broker: one of this file's own, never the shared stack's. */
const ownKafka = useOwnKafka(config);

interface Seen {
  readonly key: string;
  readonly n: number;
  readonly partition: number;
  readonly type: string;
}

/** Reads `topic` from the start until `count` messages arrived (kafkajs consumer: an independent decoder). */
async function readAll(topic: string, count: number, store: KafkaStore = stores.kafka): Promise<Seen[]> {
  const seen: Seen[] = [];
  await consumeUntil(store.kafka, topic, ({ partition, message }) => {
    const value = JSON.parse(message.value?.toString('utf8') ?? '{}') as { n: number };
    seen.push({ key: message.key?.toString('utf8') ?? '', n: value.n, partition, type: message.headers?.type?.toString() ?? '' });
    return seen.length >= count;
  });
  return seen;
}

describe('Kafka topic writer (real Kafka)', () => {
  it('writes keyed records that a kafkajs consumer reads back: partitioned by key, in order, headers kept', async () => {
    const topic = `test.writer.${uniqueSuffix()}`;
    await stores.kafka.ensureTopics([{ topic, numPartitions: 3, replicationFactor: 1 }]);
    const writer = new KafkaTopicWriter({ settings: stores.kafka.settings, topic });
    try {
      let n = 0;
      for (let round = 0; round < 4; round++) {
        const records = Array.from({ length: 250 }, () => {
          const i = n++;
          return { key: `session-${i % 40}`, value: JSON.stringify({ n: i, note: '라벨 없는 페트병' }), headers: [['type', i % 2 ? 'page_view' : 'login']] as const };
        });
        await writer.send(records);
      }
    } finally {
      writer.close();
    }
    const seen = await readAll(topic, 1000);
    assert.equal(seen.length, 1000);
    assert.deepEqual(new Set(seen.map((s) => s.n)).size, 1000, 'each record exactly once');
    const partitions = new Set<number>();
    const lastOfKey = new Map<string, number>();
    for (const s of seen) {
      assert.equal(s.partition, partitionForKey(Buffer.from(s.key), 3), `partition of ${s.key}`);
      assert.equal(s.type, s.n % 2 ? 'page_view' : 'login');
      assert.ok((lastOfKey.get(s.key) ?? -1) < s.n, `order of ${s.key}`);
      lastOfKey.set(s.key, s.n);
      partitions.add(s.partition);
    }
    assert.equal(partitions.size, 3, 'the keys spread over all partitions');
  });

  it('waits for the producer-id coordinator of a broker that has just started', { timeout: 180_000 }, async () => {
    const { store } = ownKafka;
    const topic = `test.writer.${uniqueSuffix()}`;
    await store.ensureTopics([{ topic, numPartitions: 3, replicationFactor: 1 }]);
    await ownKafka.stop();
    await ownKafka.start();
    // The broker answers again, but its coordinator says COORDINATOR_LOAD_IN_PROGRESS for a few seconds.
    const writer = new KafkaTopicWriter({ settings: store.settings, topic });
    try {
      await writer.send([{ key: 'k', value: '{"n":0}' }]);
    } finally {
      writer.close();
    }
    assert.deepEqual((await readAll(topic, 1, store)).map((m) => m.n), [0]);
  });

  it('names a missing topic in its error', async () => {
    const writer = new KafkaTopicWriter({ settings: stores.kafka.settings, topic: `test.missing.${uniqueSuffix()}` });
    try {
      await assert.rejects(writer.send([{ key: 'k', value: 'v' }]), (err: Error) => isCiaoError(err, 'ServiceUnavailable') && /test\.missing\..*not available/.test(err.message));
    } finally {
      writer.close();
    }
  });

  it('fails with ServiceUnavailable when no broker answers', async () => {
    const writer = new KafkaTopicWriter({ settings: { ...stores.kafka.settings, brokers: ['127.0.0.1:1'], connectionTimeout: 500 }, topic: 'logs.raw' });
    try {
      await assert.rejects(writer.send([{ key: 'k', value: 'v' }]), (err: Error) => isCiaoError(err, 'ServiceUnavailable') && /no Kafka broker reachable/.test(err.message));
    } finally {
      writer.close();
    }
  });
});
