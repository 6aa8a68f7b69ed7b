import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Partitioners } from 'kafkajs';
import { useStores, uniqueSuffix } from '../../support/stores';

const { stores } = useStores();

describe('kafka (real broker)', () => {
  it('round-trips keyed messages through a 3-partition topic and a consumer group', async () => {
    const topic = `test.roundtrip.${uniqueSuffix()}`;
    assert.deepEqual(await stores.kafka.ensureTopics([{ topic, numPartitions: 3, replicationFactor: 1 }]), [topic]);
    assert.deepEqual(await stores.kafka.ensureTopics([{ topic, numPartitions: 3 }]), [], 'second ensure is a no-op');

    const producer = stores.kafka.kafka.producer({ idempotent: true, createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    const sent = Array.from({ length: 30 }, (_, i) => ({ key: `user-${i % 7}`, value: JSON.stringify({ n: i, word: '무라벨' }) }));
    await producer.send({ topic, messages: sent, acks: -1 });
    await producer.disconnect();

    const consumer = stores.kafka.kafka.consumer({ groupId: `test-${uniqueSuffix()}` });
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    const received: { n: number; word: string; partition: number; key: string }[] = [];
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`only ${received.length} of 30 messages arrived`)), 30_000);
      consumer
        .run({
          eachMessage: ({ message, partition }) => {
            const body = JSON.parse(message.value?.toString('utf8') ?? '{}') as { n: number; word: string };
            received.push({ ...body, partition, key: message.key?.toString() ?? '' });
            if (received.length === sent.length) {
              clearTimeout(timer);
              resolve();
            }
            return Promise.resolve();
          },
        })
        .catch(reject);
    });
    await consumer.disconnect();

    assert.deepEqual(received.map((r) => r.n).sort((a, b) => a - b), sent.map((_, i) => i));
    assert.ok(received.every((r) => r.word === '무라벨'), 'Hangul survives the round trip');
    const partitionsOfKey = new Map<string, Set<number>>();
    for (const r of received) partitionsOfKey.set(r.key, (partitionsOfKey.get(r.key) ?? new Set()).add(r.partition));
    assert.ok([...partitionsOfKey.values()].every((p) => p.size === 1), 'one key always lands on one partition');

    const admin = await stores.kafka.admin();
    await admin.deleteTopics({ topics: [topic] });
  });
});
