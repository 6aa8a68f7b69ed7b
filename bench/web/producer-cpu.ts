/**
 * Client CPU per message of the two Kafka producers the web tier's events could go through, measured in the
 * same run on the same events: the project's writer (`infra/kafka-writer/`, what the sender thread uses) and
 * kafkajs (idempotent producer). Both send the same serialised `page_view` events, keyed and with their
 * `type` header, in requests of `batch` messages with acks=all to the same topic, in interleaved rounds
 * (writer, kafkajs, kafkajs, writer) so drift on a shared machine falls on both. CPU is this process's user +
 * system time (`process.cpuUsage`, every thread) over the sends, divided by the messages; connecting and a few
 * warm-up requests come before it. It is the client's cost only: the broker's is in the web tier table.
 */
import type { Kafka } from 'kafkajs';
import { eventKey, type LogEvent } from '../../domain/events';
import type { KafkaSettings } from '../../infra/kafka';
import { KafkaTopicWriter, type WireRecord } from '../../infra/kafka-writer/topic-writer';
import { ANONYMOUS, buildEvent } from '../../web/events/build-event';

/** Requests each client sends before the measured slices. */
const WARMUP_REQUESTS = 5;

/** The producers compared. */
export type ProducerName = 'writer' | 'kafkajs';

/** Options of {@link measureProducerCpu}. */
export interface ProducerCpuOptions {
  /** Messages per measured slice (each round has two slices per client). */
  readonly messages: number;
  /** Messages per request. */
  readonly batch: number;
  readonly rounds: number;
}

/** What one client cost. */
export interface ProducerCpu {
  readonly client: ProducerName;
  readonly messages: number;
  /** CPU µs per message over all its slices. */
  readonly cpuUsPerMessage: number;
  /** CPU µs per message of each slice, in order. */
  readonly slices: readonly number[];
  /** Messages per second of wall time over all its slices. */
  readonly messagesPerSecond: number;
}

/** A client under test: connected, sends one request, disconnects. */
interface Client {
  send(records: readonly WireRecord[]): Promise<void>;
  close(): Promise<void>;
}

async function writerClient(settings: KafkaSettings, topic: string): Promise<Client> {
  const writer = new KafkaTopicWriter({ settings, topic });
  return Promise.resolve({
    send: (records) => writer.send(records),
    close: () => Promise.resolve(writer.close()),
  });
}

async function kafkajsClient(kafka: Kafka, topic: string): Promise<Client> {
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
  await producer.connect();
  return {
    send: async (records) => {
      await producer.send({ topic, acks: -1, messages: records.map((r) => ({ key: r.key, value: r.value, headers: Object.fromEntries(r.headers ?? []) })) });
    },
    close: () => producer.disconnect(),
  };
}

/** `count` page_view events of distinct sessions, serialised as the publisher sends them. */
function pageViews(count: number): WireRecord[] {
  return Array.from({ length: count }, (_, i) => {
    const event: LogEvent = buildEvent('page_view', {}, { sessionId: `bench-session-${i % 5000}`, page: '/', user: ANONYMOUS });
    return { key: eventKey(event), value: JSON.stringify(event), headers: [['type', event.type]] };
  });
}

/** Sends `records` in requests of `batch`; returns the CPU µs and wall ms it took. */
async function timedSends(client: Client, records: readonly WireRecord[], batch: number): Promise<{ cpuUs: number; wallMs: number }> {
  const wall = performance.now();
  const cpu = process.cpuUsage();
  for (let i = 0; i < records.length; i += batch) await client.send(records.slice(i, i + batch));
  const used = process.cpuUsage(cpu);
  return { cpuUs: used.user + used.system, wallMs: performance.now() - wall };
}

/** Measures both producers on `topic` (which must exist). */
export async function measureProducerCpu(kafka: Kafka, settings: KafkaSettings, topic: string, options: ProducerCpuOptions): Promise<ProducerCpu[]> {
  const records = pageViews(options.messages);
  const clients: Record<ProducerName, Client> = { writer: await writerClient(settings, topic), kafkajs: await kafkajsClient(kafka, topic) };
  const slices: Record<ProducerName, { cpuUs: number; wallMs: number }[]> = { writer: [], kafkajs: [] };
  try {
    // Warm-up (connections, producer ids, the JIT): a few requests each, not counted.
    for (const name of ['writer', 'kafkajs'] as const) await timedSends(clients[name], records.slice(0, WARMUP_REQUESTS * options.batch), options.batch);
    for (let round = 0; round < options.rounds; round++) {
      for (const name of ['writer', 'kafkajs', 'kafkajs', 'writer'] as const) slices[name].push(await timedSends(clients[name], records, options.batch));
    }
  } finally {
    await Promise.allSettled([clients.writer.close(), clients.kafkajs.close()]);
  }
  return (['writer', 'kafkajs'] as const).map((client) => {
    const s = slices[client];
    const messages = s.length * options.messages;
    return {
      client,
      messages,
      cpuUsPerMessage: s.reduce((n, x) => n + x.cpuUs, 0) / messages,
      slices: s.map((x) => x.cpuUs / options.messages),
      messagesPerSecond: messages / (s.reduce((n, x) => n + x.wallMs, 0) / 1000),
    };
  });
}
