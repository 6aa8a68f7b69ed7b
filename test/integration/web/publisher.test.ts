import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Worker } from 'node:worker_threads';
import type { Kafka } from 'kafkajs';
import { runningPid } from '../../../infra/stack/process-control';
import { stackDown, stackUp } from '../../../infra/stack/stack';
import { EventPublisher } from '../../../web/events/publisher';
import { ANONYMOUS, buildEvent } from '../../../web/events/build-event';
import type { LogEvent } from '../../../domain/events';
import { consumeUntil } from '../../support/kafka';
import { useStores, uniqueSuffix } from '../../support/stores';

const { config, stores } = useStores();

/** Reads every message of `topic` until `ids` have all arrived (or the timeout); returns the ids seen with counts. */
async function collect(kafka: Kafka, topic: string, ids: ReadonlySet<string>, timeoutMs = 60_000): Promise<Map<string, number>> {
  const seen = new Map<string, number>();
  await consumeUntil(
    kafka,
    topic,
    ({ message }) => {
      const event = JSON.parse(message.value?.toString('utf8') ?? '{}') as LogEvent;
      seen.set(event.id, (seen.get(event.id) ?? 0) + 1);
      return [...ids].every((id) => seen.has(id));
    },
    timeoutMs,
  );
  return seen;
}

const pageView = (i: number): LogEvent => buildEvent('page_view', {}, { sessionId: `session-${String(i).padStart(4, '0')}`, page: '/', user: ANONYMOUS });

describe('event publisher (real Kafka)', () => {
  it('delivers events in batches, keyed, without the caller waiting', async () => {
    const topic = `test.logs.${uniqueSuffix()}`;
    await stores.kafka.ensureTopics([{ topic, numPartitions: 3, replicationFactor: 1 }]);
    const publisher = new EventPublisher(stores.kafka.settings, { topic });
    publisher.start();
    const events = Array.from({ length: 300 }, (_, i) => pageView(i));
    for (const e of events) assert.equal(publisher.publish(e), true);
    const seen = await collect(stores.kafka.kafka, topic, new Set(events.map((e) => e.id)));
    assert.equal(await publisher.stop(), 0, 'nothing left undelivered');
    assert.equal(events.filter((e) => seen.has(e.id)).length, 300);
    assert.equal(publisher.stats().published, 300);
  });

  it('replaces a sender thread that dies, and re-sends what it had not delivered', async () => {
    const topic = `test.logs.${uniqueSuffix()}`;
    await stores.kafka.ensureTopics([{ topic, numPartitions: 3, replicationFactor: 1 }]);
    const publisher = new EventPublisher(stores.kafka.settings, { topic, batchSize: 50 });
    publisher.start();
    const first = Array.from({ length: 200 }, (_, i) => pageView(i));
    for (const e of first) publisher.publish(e);
    // Kill the thread as a crash would, with most of the chunks not yet acknowledged.
    const thread = (publisher as unknown as { sender: Worker }).sender;
    await thread.terminate();
    const second = Array.from({ length: 100 }, (_, i) => pageView(1000 + i));
    for (const e of second) assert.equal(publisher.publish(e), true, 'accepted while the thread is replaced');
    const all = [...first, ...second];
    const seen = await collect(stores.kafka.kafka, topic, new Set(all.map((e) => e.id)));
    assert.equal(await publisher.stop(), 0, 'nothing left undelivered');
    assert.equal(all.filter((e) => seen.has(e.id)).length, 300, 'every event arrived');
    assert.equal(publisher.stats().senderRestarts, 1);
    assert.equal(publisher.stats().published, 300);
  });

  it('checks events against the schema before sending: an invalid one is counted and never sent', async () => {
    const topic = `test.logs.${uniqueSuffix()}`;
    await stores.kafka.ensureTopics([{ topic, numPartitions: 3, replicationFactor: 1 }]);
    const problems: string[] = [];
    const publisher = new EventPublisher(stores.kafka.settings, { topic, onProblem: (p) => problems.push(`${p.kind}: ${p.detail}`) });
    publisher.start();
    const good = [pageView(1), pageView(2)];
    const bad = { ...pageView(3), time: '2026-11-25 09:00:00' };
    publisher.publish(good[0] as LogEvent);
    publisher.publish(bad);
    publisher.publish(good[1] as LogEvent);
    const seen = await collect(stores.kafka.kafka, topic, new Set(good.map((e) => e.id)));
    assert.equal(await publisher.stop(), 0, 'nothing left undelivered');
    assert.equal(seen.has(bad.id), false, 'the invalid event was not sent');
    assert.deepEqual(good.map((e) => seen.get(e.id)), [1, 1]);
    assert.deepEqual({ published: publisher.stats().published, invalid: publisher.stats().invalid }, { published: 2, invalid: 1 });
    assert.ok(problems.some((p) => p.startsWith('invalid: page_view: /time')), problems.join('\n'));
  });

  it('buffers through a Kafka outage, delivers when it returns, and drops (counted) beyond its bound', { timeout: 240_000 }, async (t) => {
    if (runningPid(config.stackDir, 'kafka') === undefined) {
      t.skip('Kafka was not started by this stack, so the test cannot stop it');
      return;
    }
    const topic = `test.logs.${uniqueSuffix()}`;
    await stores.kafka.ensureTopics([{ topic, numPartitions: 3, replicationFactor: 1 }]);
    const publisher = new EventPublisher(stores.kafka.settings, { topic, maxBackoffMs: 1000 });
    const small = new EventPublisher(stores.kafka.settings, { topic, maxBuffer: 5, maxBackoffMs: 1000 });
    publisher.start();
    small.start();
    const before = pageView(0);
    publisher.publish(before);
    await collect(stores.kafka.kafka, topic, new Set([before.id]));

    await stackDown(config, () => undefined, ['kafka']);
    try {
      const during = Array.from({ length: 100 }, (_, i) => pageView(i + 1));
      const started = performance.now();
      for (const e of during) assert.equal(publisher.publish(e), true, 'accepted while Kafka is down');
      assert.ok(performance.now() - started < 1000, 'publishing does not wait for Kafka');
      const accepted = Array.from({ length: 8 }, (_, i) => small.publish(pageView(500 + i)));
      assert.deepEqual(accepted, [true, true, true, true, true, false, false, false]);
      assert.equal(small.stats().dropped, 3);
      // The first send to the stopped broker fails after the client's connection timeouts.
      const noticed = Date.now() + 60_000;
      while (publisher.stats().connected && Date.now() < noticed) await new Promise((r) => setTimeout(r, 250));
      assert.equal(publisher.stats().connected, false, 'the publisher noticed the outage');
      assert.ok(publisher.stats().buffered >= 100, 'the events wait in the buffer');

      await stackUp(config, () => undefined, { only: ['kafka'], skipSystemPackages: true });
      const seen = await collect(stores.kafka.kafka, topic, new Set(during.map((e) => e.id)), 120_000);
      assert.equal(during.filter((e) => seen.has(e.id)).length, 100, 'every buffered event arrived after the outage');
    } finally {
      if (runningPid(config.stackDir, 'kafka') === undefined) await stackUp(config, () => undefined, { only: ['kafka'], skipSystemPackages: true });
      await publisher.stop(10_000);
      await small.stop(10_000);
    }
    assert.equal(publisher.stats().buffered, 0);
  });
});
