/**
 * The real-time aggregator: a Kafka consumer group on `logs.raw` that keeps the hot tier in Redis.
 *
 * Per partition it resumes from the offset stored in Redis (seeking there when partitions are assigned),
 * validates every message against the shared event schema (malformed ones go to `logs.dlq` with the
 * reason — at least once), plans the batch's changes and applies them with the offset in one Lua script.
 * Kafka's committed offsets are only informational (lag dashboards): Redis is the source of truth.
 */
import { Partitioners, type Consumer, type KafkaMessage, type Producer } from 'kafkajs';
import { parseLogEvent, type LogEvent } from '../../domain/events';
import { CONSUMER_GROUPS, TOPICS } from '../../infra/contracts';
import type { KafkaStore } from '../../infra/kafka';
import type { RedisStore } from '../../infra/redis';
import { applyBatch, readPartitionState } from './apply-batch';
import { planBatch } from './plan-batch';

/** Options of {@link runAggregator}. */
export interface AggregatorOptions {
  /** Topic to consume (default `logs.raw`). */
  readonly topic?: string;
  /** Consumer group (default `ciao-aggregator`). */
  readonly groupId?: string;
  /** Allowed lateness behind the watermark, ms (default 120 000). */
  readonly graceMs?: number;
  /** Most messages applied in one Redis step (default 1000). */
  readonly chunkSize?: number;
  /** Stops the aggregator when aborted. */
  readonly signal: AbortSignal;
  /** Called after every applied chunk (for heartbeats and logs). */
  readonly onProgress?: (progress: AggregatorProgress) => void;
}

/** Running totals of one aggregator run. */
export interface AggregatorProgress {
  readonly applied: number;
  readonly late: number;
  readonly duplicates: number;
  readonly dlq: number;
  /** Next offset per partition (as stored). */
  readonly offsets: Readonly<Record<string, string>>;
}

interface PartitionState {
  nextOffset: bigint | undefined;
  watermark: number;
}

/** Consumes until `options.signal` aborts. @returns the totals of this run */
export async function runAggregator(kafka: KafkaStore, redis: RedisStore, options: AggregatorOptions): Promise<AggregatorProgress> {
  const topic = options.topic ?? TOPICS.logsRaw;
  const chunkSize = options.chunkSize ?? 1000;
  const states = new Map<number, PartitionState>();
  const progress = { applied: 0, late: 0, duplicates: 0, dlq: 0, offsets: {} as Record<string, string> };
  const consumer: Consumer = kafka.kafka.consumer({
    groupId: options.groupId ?? CONSUMER_GROUPS.aggregator,
    sessionTimeout: 30_000,
    heartbeatInterval: 3000,
    // After a broker restart the group still lists our member from before the outage, and kafkajs rejoins
    // under a new member id: the join then waits for the old member until the rebalance timeout (kafkajs'
    // default 60 s, cut short by the 30 s session) — the aggregator sat idle half a minute after Kafka came
    // back. A short rebalance timeout ends that wait in 3 s; a member must rejoin a rebalance within 3 s,
    // which a chunk (≤ 1000 events, one Redis step, heartbeat after each) allows.
    rebalanceTimeout: 3000,
    allowAutoTopicCreation: false,
    maxWaitTimeInMs: 200,
  });
  const dlq: Producer = kafka.kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });

  const stateOf = async (partition: number): Promise<PartitionState> => {
    let s = states.get(partition);
    if (!s) {
      const stored = await readPartitionState(redis.redis, topic, partition);
      s = { nextOffset: stored.nextOffset === undefined ? undefined : BigInt(stored.nextOffset), watermark: stored.watermark };
      states.set(partition, s);
    }
    return s;
  };

  consumer.on(consumer.events.GROUP_JOIN, (e) => {
    // Resume exactly where Redis says; forget cached state of partitions that may have moved meanwhile.
    states.clear();
    const partitions = e.payload.memberAssignment[topic] ?? [];
    void Promise.all(
      partitions.map(async (partition) => {
        const s = await stateOf(partition);
        if (s.nextOffset !== undefined) consumer.seek({ topic, partition, offset: s.nextOffset.toString() });
      }),
    ).catch(() => undefined);
  });

  await dlq.connect();
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });

  const applyChunk = async (partition: number, messages: readonly KafkaMessage[]): Promise<void> => {
    const state = await stateOf(partition);
    let pending = messages.filter((m) => state.nextOffset === undefined || BigInt(m.offset) >= state.nextOffset);
    if (pending.length === 0) return;
    const valid: LogEvent[] = [];
    const rejects: { message: KafkaMessage; errors: readonly string[] }[] = [];
    for (const m of pending) {
      const parsed = parseLogEvent(m.value ?? '');
      if (parsed.ok) valid.push(parsed.event);
      else rejects.push({ message: m, errors: parsed.errors });
    }
    if (rejects.length > 0) {
      await dlq.send({
        topic: TOPICS.logsDlq,
        messages: rejects.map((r) => ({
          key: r.message.key,
          value: r.message.value,
          headers: { reason: r.errors.join('; ').slice(0, 500), source: `${topic}/${partition}/${r.message.offset}` },
        })),
      });
      progress.dlq += rejects.length;
    }
    const first = pending[0]?.offset ?? '0';
    const next = (BigInt(pending[pending.length - 1]?.offset ?? '0') + 1n).toString();
    let events = valid;
    for (let attempt = 0; attempt < 5; attempt++) {
      const plan = planBatch(events, state.watermark, options.graceMs);
      const outcome = await applyBatch(redis.redis, plan, { topic, partition, firstOffset: first, nextOffset: next });
      if (outcome.status === 'ok') {
        state.nextOffset = BigInt(next);
        state.watermark = plan.watermark;
        progress.applied += plan.counted;
        progress.late += plan.late;
        progress.offsets[String(partition)] = next;
        return;
      }
      if (outcome.status === 'dups') {
        const dup = new Set(outcome.ids);
        progress.duplicates += events.filter((e) => dup.has(e.id)).length;
        events = events.filter((e) => !dup.has(e.id));
        continue;
      }
      // Stale: another step stored a later offset (a previous owner of the partition); resume from it.
      states.delete(partition);
      const fresh = await stateOf(partition);
      pending = pending.filter((m) => fresh.nextOffset === undefined || BigInt(m.offset) >= fresh.nextOffset);
      if (pending.length === 0) return;
      return applyChunk(partition, pending);
    }
    throw new Error(`partition ${partition}: could not apply the batch at ${first} after 5 attempts`);
  };

  await consumer.run({
    autoCommit: false,
    eachBatchAutoResolve: false,
    eachBatch: async (payload) => {
      const { batch } = payload;
      for (let i = 0; i < batch.messages.length; i += chunkSize) {
        if (!payload.isRunning() || payload.isStale() || options.signal.aborted) return;
        const chunk = batch.messages.slice(i, i + chunkSize);
        await applyChunk(batch.partition, chunk);
        const last = chunk[chunk.length - 1];
        if (last) payload.resolveOffset(last.offset);
        options.onProgress?.({ ...progress, offsets: { ...progress.offsets } });
        await payload.heartbeat();
      }
      await payload.commitOffsetsIfNecessary({ topics: [{ topic, partitions: [{ partition: batch.partition, offset: progress.offsets[String(batch.partition)] ?? batch.highWatermark }] }] }).catch(() => undefined);
    },
  });

  // Run until aborted, or until kafkajs gives up on a crash (then the caller — Temporal — retries).
  await new Promise<void>((resolve, reject) => {
    if (options.signal.aborted) return resolve();
    options.signal.addEventListener('abort', () => resolve(), { once: true });
    consumer.on(consumer.events.CRASH, (e) => {
      if (!e.payload.restart) reject(e.payload.error);
    });
  }).finally(async () => {
    await consumer.disconnect().catch(() => undefined);
    await dlq.disconnect().catch(() => undefined);
  });
  return { ...progress, offsets: { ...progress.offsets } };
}
