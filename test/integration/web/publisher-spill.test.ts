/**
 * The publisher's on-disk spill through a Kafka outage longer than its in-memory buffer, on a Kafka of the
 * test's own (stopped and started by the test): nothing lost, delivered in publish order once Kafka returns;
 * and, past the disk bound, drops counted and reported.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { toLogEvent } from '../../../activities/logs/loadgen/planned-event';
import { TrafficGenerator } from '../../../activities/logs/loadgen/traffic';
import type { LogEvent } from '../../../domain/events';
import { EventPublisher } from '../../../web/events/publisher';
import { consumeUntil } from '../../support/kafka';
import { useOwnKafka } from '../../support/own-kafka';
import { uniqueSuffix, useStores } from '../../support/stores';

const { config } = useStores();
const ownKafka = useOwnKafka(config);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const folders: string[] = [];
after(() => Promise.all(folders.map((f) => rm(f, { recursive: true, force: true }))));

async function folderBytes(dir: string): Promise<number> {
  let total = 0;
  for (const name of await readdir(dir)) total += (await stat(path.join(dir, name))).size;
  return total;
}

/** Realistic events (members, sessions, searches, clicks), as loadgen makes them. */
function trafficEvents(count: number, seed: number): LogEvent[] {
  const traffic = new TrafficGenerator({ seed });
  const start = Date.now();
  return Array.from({ length: count }, (_, i) => toLogEvent(traffic.next(), new Date(start + i)));
}

/** The event ids of `topic` (one partition), in log order, until `count` have arrived. */
async function readIds(topic: string, count: number): Promise<string[]> {
  const ids: string[] = [];
  await consumeUntil(
    ownKafka.store.kafka,
    topic,
    ({ message }) => {
      ids.push((JSON.parse(message.value?.toString('utf8') ?? '{}') as LogEvent).id);
      return ids.length >= count;
    },
    120_000,
  );
  return ids;
}

async function waitFor(what: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!what() && Date.now() < deadline) await sleep(100);
  return what();
}

describe('the event publisher’s disk spill (a Kafka of the test’s own)', () => {
  it('keeps every event of an outage far longer than its memory buffer, and delivers them in order', { timeout: 300_000 }, async (t) => {
    const topic = `test.logs.spill.${uniqueSuffix()}`;
    await ownKafka.store.ensureTopics([{ topic, numPartitions: 1, replicationFactor: 1 }]);
    const dir = await mkdtemp(path.join(tmpdir(), 'ciao-spill-it-'));
    folders.push(dir);
    const problems: string[] = [];
    const publisher = new EventPublisher(ownKafka.store.settings, { topic, maxBuffer: 1000, maxBackoffMs: 1000, spill: { dir, maxBytes: 256 * 1024 * 1024 }, onProblem: (p) => problems.push(p.kind) });
    publisher.start();
    const events = trafficEvents(30_100, 11);
    try {
      for (const e of events.slice(0, 100)) publisher.publish(e);
      assert.ok(await waitFor(() => publisher.stats().published === 100, 30_000), 'delivered before the outage');

      await ownKafka.stop();
      for (const e of events.slice(100)) assert.equal(publisher.publish(e), true);
      await sleep(500);
      const during = publisher.stats();
      assert.equal(during.dropped, 0, 'nothing dropped');
      assert.ok(during.spilled >= 28_000, `the overflow waits on disk (${during.spilled} events)`);
      assert.ok(during.buffered - during.spilled <= 1000 + 250, `memory stays bounded (${during.buffered - during.spilled} events)`);
      assert.ok(problems.includes('spilling'), 'spilling is reported');
      // What a 10-minute outage at 1,000 events/s needs, at the size these events take on disk.
      const perEvent = (await folderBytes(dir)) / during.spilled;
      const needed = 600_000 * perEvent;
      t.diagnostic(`${perEvent.toFixed(0)} bytes per event on disk: 10 min at 1,000/s = ${(needed / 1048576).toFixed(0)} MiB of the default ${config.web.eventsSpill.maxBytes / 1048576} MiB`);
      assert.ok(needed < config.web.eventsSpill.maxBytes, 'the default bound holds a 10-minute outage at 1,000 events/s');

      await ownKafka.start();
      const back = Date.now();
      assert.ok(await waitFor(() => publisher.stats().published === events.length, 120_000), `all delivered (${publisher.stats().published} of ${events.length})`);
      t.diagnostic(`${events.length - 100} events drained ${((Date.now() - back) / 1000).toFixed(1)} s after Kafka's return`);
      assert.equal(publisher.stats().buffered, 0);
      assert.deepEqual(await readdir(dir), [], 'the spill is empty again');
      const ids = await readIds(topic, events.length);
      assert.equal(ids.length, events.length, 'each event once');
      assert.deepEqual(ids, events.map((e) => e.id), 'in publish order');
    } finally {
      await publisher.stop(1000);
    }
  });

  it('past its disk bound, drops the newest events and counts and reports them', { timeout: 300_000 }, async () => {
    const topic = `test.logs.spill.${uniqueSuffix()}`;
    await ownKafka.store.ensureTopics([{ topic, numPartitions: 1, replicationFactor: 1 }]);
    const problems: { kind: string; detail: string }[] = [];
    // The default folder: a private temporary one, removed at stop.
    const publisher = new EventPublisher(ownKafka.store.settings, { topic, maxBuffer: 500, maxBackoffMs: 1000, spill: { maxBytes: 300_000 }, onProblem: (p) => problems.push(p) });
    publisher.start();
    const events = trafficEvents(5000, 12);
    try {
      await ownKafka.stop();
      for (const e of events) publisher.publish(e);
      await sleep(500);
      const full = publisher.stats();
      assert.ok(full.dropped > 0, `drops once the disk bound is reached (${full.dropped})`);
      assert.ok(problems.some((p) => p.kind === 'overflow' && /event spill full/.test(p.detail)), 'and says so');
      assert.equal(full.buffered + full.dropped, events.length, 'every event kept or counted as dropped');

      await ownKafka.start();
      assert.ok(await waitFor(() => publisher.stats().buffered === 0, 120_000), 'what was kept is delivered');
      assert.equal(publisher.stats().published, events.length - full.dropped);
      const ids = await readIds(topic, publisher.stats().published);
      const position = new Map(events.map((e, i) => [e.id, i]));
      const order = ids.map((id) => position.get(id) ?? -1);
      assert.ok(order.every((p, i) => p >= 0 && (i === 0 || p > (order[i - 1] ?? -1))), 'in publish order, with the dropped ones missing');
    } finally {
      await publisher.stop(1000);
    }
  });
});
