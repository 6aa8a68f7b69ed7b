import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Worker } from 'node:worker_threads';
import type { Kafka } from 'kafkajs';
import { buildApp } from '../../../web/app';
import { EventPublisher } from '../../../web/events/publisher';
import { ANONYMOUS, buildEvent } from '../../../web/events/build-event';
import type { LogEvent } from '../../../domain/events';
import { consumeUntil } from '../../support/kafka';
import { useOwnKafka } from '../../support/own-kafka';
import { useStores, uniqueSuffix } from '../../support/stores';

const { config, stores } = useStores();
/** The outage case stops a broker: one of this file's own, never the shared stack's. */
const ownKafka = useOwnKafka(config);

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

/** Asserts that each of `events` arrived exactly once according to `seen` (counts by id). */
function assertExactlyOnce(events: readonly LogEvent[], seen: ReadonlyMap<string, number>, what: string): void {
  const counts = events.map((e) => seen.get(e.id) ?? 0);
  const missing = counts.filter((n) => n === 0).length;
  const duplicated = counts.filter((n) => n > 1).length;
  assert.deepEqual({ missing, duplicated }, { missing: 0, duplicated: 0 }, `${what}: each of the ${events.length} events exactly once`);
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

  it('replaces a sender thread that dies, re-sends what it had not delivered and nothing it had', async () => {
    const topic = `test.logs.${uniqueSuffix()}`;
    await stores.kafka.ensureTopics([{ topic, numPartitions: 3, replicationFactor: 1 }]);
    const publisher = new EventPublisher(stores.kafka.settings, { topic, batchSize: 50, lingerMs: 20 });
    publisher.start();
    let left: number | undefined;
    try {
      const acked = Array.from({ length: 100 }, (_, i) => pageView(i));
      for (const e of acked) publisher.publish(e);
      const ackDeadline = Date.now() + 30_000;
      while (publisher.stats().published < acked.length && Date.now() < ackDeadline) await new Promise((r) => setTimeout(r, 50));
      assert.equal(publisher.stats().published, acked.length, 'the first events were acknowledged before the crash');
      // Kill the thread as a crash would, before the next events' chunk reaches it (the hand-over waits 20 ms).
      const first = Array.from({ length: 200 }, (_, i) => pageView(200 + i));
      for (const e of first) publisher.publish(e);
      const thread = (publisher as unknown as { sender: Worker }).sender;
      await thread.terminate();
      const second = Array.from({ length: 100 }, (_, i) => pageView(1000 + i));
      for (const e of second) assert.equal(publisher.publish(e), true, 'accepted while the thread is replaced');
      const all = [...acked, ...first, ...second];
      const seen = await collect(stores.kafka.kafka, topic, new Set(all.map((e) => e.id)));
      assertExactlyOnce(all, seen, 'after a sender restart');
      assert.equal(seen.size, all.length, 'nothing else on the topic');
      left = await publisher.stop();
    } finally {
      if (left === undefined) await publisher.stop();
    }
    assert.equal(left, 0, 'nothing left undelivered');
    assert.equal(publisher.stats().senderRestarts, 1);
    assert.equal(publisher.stats().published, 400);
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

  it('buffers through a Kafka outage, delivers each event once when it returns, and drops (counted) beyond its bound', { timeout: 240_000 }, async () => {
    const { store } = ownKafka;
    const topic = `test.logs.${uniqueSuffix()}`;
    await store.ensureTopics([{ topic, numPartitions: 3, replicationFactor: 1 }]);
    const publisher = new EventPublisher(store.settings, { topic, maxBackoffMs: 1000 });
    const small = new EventPublisher(store.settings, { topic, maxBuffer: 5, maxBackoffMs: 1000 });
    publisher.start();
    small.start();
    const before = pageView(0);
    publisher.publish(before);
    await collect(store.kafka, topic, new Set([before.id]));

    await ownKafka.stop();
    let up = false;
    try {
      const during = Array.from({ length: 100 }, (_, i) => pageView(i + 1));
      const started = performance.now();
      for (const e of during) assert.equal(publisher.publish(e), true, 'accepted while Kafka is down');
      assert.ok(performance.now() - started < 1000, 'publishing does not wait for Kafka');
      const smallEvents = Array.from({ length: 8 }, (_, i) => pageView(500 + i));
      const accepted = smallEvents.map((e) => small.publish(e));
      assert.deepEqual(accepted, [true, true, true, true, true, false, false, false]);
      assert.equal(small.stats().dropped, 3);
      // The first send to the stopped broker fails after the client's connection timeouts.
      const noticed = Date.now() + 60_000;
      while (publisher.stats().connected && Date.now() < noticed) await new Promise((r) => setTimeout(r, 250));
      assert.equal(publisher.stats().connected, false, 'the publisher noticed the outage');
      assert.ok(publisher.stats().buffered >= 100, 'the events wait in the buffer');

      await ownKafka.start();
      up = true;
      const kept = smallEvents.slice(0, 5);
      const expected = [before, ...during, ...kept];
      const seen = await collect(store.kafka, topic, new Set(expected.map((e) => e.id)), 120_000);
      assertExactlyOnce(expected, seen, 'around the outage');
      assert.equal(seen.size, expected.length, 'the dropped events never arrived');
    } finally {
      if (!up) await ownKafka.start();
      await publisher.stop(10_000);
      await small.stop(10_000);
    }
    assert.equal(publisher.stats().buffered, 0);
    assert.equal(small.stats().published, 5);
  });

  it('flushes the events still lingering in the sender when the app closes', async () => {
    const topic = `test.logs.${uniqueSuffix()}`;
    await stores.kafka.ensureTopics([{ topic, numPartitions: 3, replicationFactor: 1 }]);
    // Lingering for a minute, the sender holds every event until shutdown makes it deliver them.
    const app = await buildApp({ config, stores, logger: false, events: { publisher: { topic, lingerMs: 60_000 } } });
    await app.ready();
    let closed = false;
    try {
      for (let i = 0; i < 20; i++) assert.equal((await app.inject({ method: 'GET', url: '/about' })).statusCode, 200);
      await new Promise((r) => setTimeout(r, 300));
      assert.deepEqual({ published: app.events.stats().published, buffered: app.events.stats().buffered }, { published: 0, buffered: 20 }, 'held in the sender');
      const publisher = app.events;
      await app.close();
      closed = true;
      assert.deepEqual({ published: publisher.stats().published, buffered: publisher.stats().buffered }, { published: 20, buffered: 0 });
    } finally {
      if (!closed) await app.close();
    }
    const seen = new Map<string, number>();
    await consumeUntil(
      stores.kafka.kafka,
      topic,
      ({ message }) => {
        const event = JSON.parse(message.value?.toString('utf8') ?? '{}') as LogEvent;
        if (event.type === 'page_view' && event.page === '/about') seen.set(event.id, (seen.get(event.id) ?? 0) + 1);
        return [...seen.values()].reduce((a, b) => a + b, 0) >= 20;
      },
      30_000,
    );
    assert.equal(seen.size, 20, 'every page view arrived');
    assert.ok([...seen.values()].every((n) => n === 1), 'each once');
  });
});
