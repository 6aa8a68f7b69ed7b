/**
 * Publishes messages and remembers exactly where they landed, so a later task can read back what *this*
 * run published (by offset) rather than whatever else is on the topic.
 *
 * Each message's partition is chosen here with kafkajs' default (Java-compatible, murmur2) partitioner — the
 * same placement as any keyed producer — so the number of messages per partition of every send is known, and
 * the broker's base offset per partition then gives the exact range: a send writes one record batch per
 * partition, whose offsets are contiguous.
 */
import { Partitioners, type Message } from 'kafkajs';
import { InfraError } from '../../domain/errors';
import type { KafkaStore } from '../../infra/kafka';
import type { OffsetRange } from './offset-ranges';

/** A message to publish. */
export interface OutgoingMessage {
  readonly key: string;
  readonly value: string;
  readonly headers?: Readonly<Record<string, string>>;
}

/** Options of {@link publishTracked}. */
export interface PublishTrackedOptions {
  /**
   * Messages per send (default 500): a send is one record batch per partition, which the broker refuses above
   * `message.max.bytes` (1 MiB by default).
   */
  readonly chunkSize?: number;
}

/**
 * Publishes `messages` to `topic` with acks from all in-sync replicas and an idempotent producer.
 * @returns the offset ranges the messages occupy (one per partition and send)
 */
export async function publishTracked(kafka: KafkaStore, topic: string, messages: readonly OutgoingMessage[], options: PublishTrackedOptions = {}): Promise<OffsetRange[]> {
  if (messages.length === 0) return [];
  const chunkSize = options.chunkSize ?? 500;
  const admin = await kafka.admin();
  const metadata = await admin.fetchTopicMetadata({ topics: [topic] });
  const partitionMetadata = metadata.topics[0]?.partitions ?? [];
  if (partitionMetadata.length === 0) throw new InfraError('ServiceUnavailable', `Kafka topic ${topic} has no partitions`, { topic });
  const partitionOf = Partitioners.DefaultPartitioner();
  const producer = kafka.kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
  const ranges: OffsetRange[] = [];
  await producer.connect();
  try {
    for (let i = 0; i < messages.length; i += chunkSize) {
      const chunk: Message[] = messages.slice(i, i + chunkSize).map((m) => {
        const message: Message = { key: m.key, value: m.value, ...(m.headers ? { headers: { ...m.headers } } : {}) };
        return { ...message, partition: partitionOf({ topic, partitionMetadata, message }) };
      });
      const counts = new Map<number, number>();
      for (const m of chunk) counts.set(m.partition ?? 0, (counts.get(m.partition ?? 0) ?? 0) + 1);
      const acks = await producer.send({ topic, messages: chunk, acks: -1 });
      for (const [partition, count] of counts) {
        const ack = acks.find((a) => a.partition === partition);
        const base = ack?.baseOffset ?? ack?.offset;
        if (base === undefined) throw new InfraError('ServiceUnavailable', `Kafka gave no offset for ${topic}/${partition}`, { topic, partition });
        ranges.push({ partition, from: base, to: (BigInt(base) + BigInt(count)).toString() });
      }
    }
  } finally {
    await producer.disconnect().catch(() => undefined);
  }
  return mergeRanges(ranges);
}

/** Joins ranges of the same partition that touch (consecutive sends with nothing in between). */
function mergeRanges(ranges: readonly OffsetRange[]): OffsetRange[] {
  const out: OffsetRange[] = [];
  for (const r of [...ranges].sort((a, b) => a.partition - b.partition || (BigInt(a.from) < BigInt(b.from) ? -1 : 1))) {
    const last = out[out.length - 1];
    if (last && last.partition === r.partition && last.to === r.from) out[out.length - 1] = { ...last, to: r.to };
    else out.push(r);
  }
  return out;
}
