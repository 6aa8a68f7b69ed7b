import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { Partitioners } from 'kafkajs';
import { runAggregator } from '../../../activities/logs/aggregator';
import { AGG_STATE, TOPICS } from '../../../infra/contracts';
import { useStores, uniqueSuffix } from '../../support/stores';

const { stores } = useStores();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('aggregator dead letters (real Kafka and Redis)', () => {
  it('sends malformed messages to logs.dlq with the reason and counts only the valid events', { timeout: 120_000 }, async () => {
    const topic = `test.logs.${uniqueSuffix()}`;
    await stores.kafka.ensureTopics([{ topic, numPartitions: 1, replicationFactor: 1 }]);
    const day = `2008-0${1 + Math.floor(Math.random() * 9)}-1${Math.floor(Math.random() * 9)}`;
    const valid = (i: number) =>
      JSON.stringify({ id: randomUUID(), type: 'page_view', time: `${day}T10:00:0${i}+09:00`, sessionId: 'session-dlq-test', page: '/', user: { userId: null, gender: null, ageBand: null, region: null }, data: {} });
    const producer = stores.kafka.kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    await producer.send({
      topic,
      messages: [
        { value: valid(1) },
        { value: '{not json' },
        { value: JSON.stringify({ type: 'login', time: `${day}T10:00:00` }) },
        { value: valid(2) },
      ],
    });
    await producer.disconnect();

    const counted = async (): Promise<number> => Number((await stores.redis.redis.hget(AGG_STATE.stats, `events:${day}`)) ?? 0);
    const before = await counted(); // another run may have used the same day
    const stop = new AbortController();
    const running = runAggregator(stores.kafka, stores.redis, { topic, groupId: `test-dlq-${uniqueSuffix()}`, signal: stop.signal });
    const deadline = Date.now() + 60_000;
    while ((await counted()) < before + 2 && Date.now() < deadline) await sleep(200);
    stop.abort();
    const totals = await running;
    assert.equal((await counted()) - before, 2, 'only the valid events are counted');
    assert.equal(totals.dlq, 2);

    const reasons: string[] = [];
    const consumer = stores.kafka.kafka.consumer({ groupId: `test-dlq-read-${uniqueSuffix()}` });
    await consumer.connect();
    await consumer.subscribe({ topics: [TOPICS.logsDlq], fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(resolve, 30_000);
      consumer
        .run({
          eachMessage: ({ message }) => {
            if (message.headers?.source?.toString().startsWith(`${topic}/`)) reasons.push(message.headers.reason?.toString() ?? '');
            if (reasons.length === 2) {
              clearTimeout(timer);
              resolve();
            }
            return Promise.resolve();
          },
        })
        .catch(reject);
    });
    await consumer.disconnect();
    assert.equal(reasons.length, 2, 'both malformed messages are in logs.dlq');
    assert.ok(reasons.some((r) => /not JSON/.test(r)));
    assert.ok(reasons.some((r) => /\/(id|time|sessionId|page|user|data)/.test(r)), `a schema reason names the field: ${reasons.join(' | ')}`);
    await (await stores.kafka.admin()).deleteTopics({ topics: [topic] }).catch(() => undefined);
  });
});
