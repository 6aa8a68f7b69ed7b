/**
 * A lean idempotent Kafka producer for one topic: what the web tier's event sender needs, and no more.
 *
 * Why not kafkajs here: kafkajs builds per-record objects, does Long arithmetic and a byte-at-a-time CRC, and
 * its CPU per message is several times this writer's, which encodes each partition's batch straight into one
 * buffer (`record-batch.ts`); the web tier's target is that publishing costs under 10 % of a light page's
 * throughput. bench/web measures both clients' CPU per message on the same events in the same run
 * (`bench/web/producer-cpu.ts`, "Kafka producer CPU" in bench/RESULTS.md). kafkajs stays the client for
 * everything else (consumers, admin).
 *
 * What it does: bootstrap from the first reachable broker (ApiVersions checks the versions used here), learn
 * partition leaders (Metadata v5), get a producer id (InitProducerId v1) and send each partition's records as
 * one record batch with that partition's next sequence number (Produce v7, acks=all). Keys are partitioned
 * with Kafka's murmur2, like the Java client and kafkajs, so one key's messages stay in one partition and in
 * order.
 *
 * Failures: a batch that fails with a retriable error (leader moved, broker unreachable, timeout) is re-sent
 * exactly as encoded, so the broker's idempotence de-duplicates it if the first attempt had in fact been
 * written. When the retries run out, `send` throws and the next `send` starts with a new producer id: records
 * the caller sends again may then be stored twice, which consumers absorb by de-duplicating on their id.
 */
import { InfraError } from '../../domain/errors';
import type { KafkaSettings } from '../kafka';
import { KafkaConnection } from './connection';
import { partitionForKey } from './murmur2';
import { encodeRecordBatch, type WireRecord } from './record-batch';
import { BodyWriter, type BodyReader } from './wire';

export type { WireRecord } from './record-batch';

/** Options of {@link KafkaTopicWriter}. */
export interface TopicWriterOptions {
  readonly settings: KafkaSettings;
  readonly topic: string;
  /** Attempts per batch within one `send` (default 3). */
  readonly attempts?: number;
  /** Produce timeout the broker applies, in ms (default 10 000). */
  readonly produceTimeoutMs?: number;
}

const API = { produce: 0, metadata: 3, apiVersions: 18, initProducerId: 22 } as const;
const VERSION = { produce: 7, metadata: 5, apiVersions: 0, initProducerId: 1 } as const;

/** Kafka error codes this writer tells apart (names as in the protocol guide). */
const ERROR_NAMES: Readonly<Record<number, string>> = {
  2: 'CORRUPT_MESSAGE',
  3: 'UNKNOWN_TOPIC_OR_PARTITION',
  5: 'LEADER_NOT_AVAILABLE',
  6: 'NOT_LEADER_OR_FOLLOWER',
  7: 'REQUEST_TIMED_OUT',
  10: 'MESSAGE_TOO_LARGE',
  13: 'NETWORK_EXCEPTION',
  14: 'COORDINATOR_LOAD_IN_PROGRESS',
  15: 'COORDINATOR_NOT_AVAILABLE',
  16: 'NOT_COORDINATOR',
  19: 'NOT_ENOUGH_REPLICAS',
  20: 'NOT_ENOUGH_REPLICAS_AFTER_APPEND',
  45: 'OUT_OF_ORDER_SEQUENCE_NUMBER',
  46: 'DUPLICATE_SEQUENCE_NUMBER',
  47: 'INVALID_PRODUCER_EPOCH',
  59: 'UNKNOWN_PRODUCER_ID',
  74: 'FENCED_LEADER_EPOCH',
  51: 'CONCURRENT_TRANSACTIONS',
  87: 'INVALID_RECORD',
};
/** Errors after which the same batch may succeed once leaders are known again. */
const RETRIABLE = new Set([3, 5, 6, 7, 13, 15, 19, 20, 74]);
const DUPLICATE_SEQUENCE = 46;
/** InitProducerId answers that mean "not yet" (a broker that just started is still loading its coordinator). */
const INIT_RETRIABLE = new Set([7, 13, 14, 15, 16, 51]);
/** How long to keep asking for a producer id while the answer is "not yet". */
const INIT_PATIENCE_MS = 30_000;

const errorName = (code: number): string => ERROR_NAMES[code] ?? `error code ${code}`;

interface Broker {
  readonly host: string;
  readonly port: number;
}

/** One partition's encoded batch, kept until the broker acknowledged it. */
interface PartitionBatch {
  readonly partition: number;
  readonly count: number;
  readonly bytes: Buffer;
}

/** See the module comment. */
export class KafkaTopicWriter {
  private readonly attempts: number;
  private readonly produceTimeoutMs: number;
  private readonly connections = new Map<number, KafkaConnection>();
  private brokers = new Map<number, Broker>();
  /** Leader node id per partition; empty until metadata was read. */
  private leaders: number[] = [];
  private producer: { id: number; epoch: number } | undefined;
  /** Next sequence number per partition for the current producer id. */
  private sequences: number[] = [];
  /** Partition per key (keys repeat: a session sends many events); cleared when the partition count changes. */
  private readonly partitionOfKey = new Map<string, number>();
  private closed = false;

  constructor(private readonly options: TopicWriterOptions) {
    this.attempts = options.attempts ?? 3;
    this.produceTimeoutMs = options.produceTimeoutMs ?? 10_000;
  }

  /**
   * Writes `records` (in order per key) and resolves when the brokers acknowledged all of them.
   * @throws InfraError `ServiceUnavailable` when Kafka cannot be reached or refuses the records
   */
  async send(records: readonly WireRecord[]): Promise<void> {
    if (this.closed) throw new InfraError('ServiceUnavailable', 'the Kafka topic writer is closed', { service: 'kafka' });
    if (records.length === 0) return;
    try {
      if (this.leaders.length === 0) await this.refreshMetadata();
      if (!this.producer) await this.initProducerId();
      let batches = this.encode(records);
      for (let attempt = 1; ; attempt++) {
        const failed = await this.produce(batches);
        if (failed.length === 0) return;
        if (attempt >= this.attempts) throw new InfraError('ServiceUnavailable', `Kafka did not take the records of topic ${this.options.topic}: ${failed.map((f) => f.reason).join('; ')}`, { service: 'kafka' });
        batches = failed.map((f) => f.batch);
        await sleep(100 * attempt);
        await this.refreshMetadata();
      }
    } catch (err) {
      // In doubt whether some batches were written: start over with a new producer id and fresh sequences.
      this.producer = undefined;
      throw err instanceof InfraError ? err : new InfraError('ServiceUnavailable', `Kafka topic ${this.options.topic}: ${(err as Error).message}`, { service: 'kafka' }, { cause: err });
    }
  }

  /** Closes every connection. */
  close(): void {
    this.closed = true;
    for (const c of this.connections.values()) c.close();
    this.connections.clear();
  }

  /** Groups records by partition and encodes one batch per partition, advancing nothing yet. */
  private encode(records: readonly WireRecord[]): PartitionBatch[] {
    const partitions = this.leaders.length;
    const byPartition = new Map<number, WireRecord[]>();
    for (const r of records) {
      let p = this.partitionOfKey.get(r.key);
      if (p === undefined) {
        if (this.partitionOfKey.size >= 100_000) this.partitionOfKey.clear();
        p = partitionForKey(Buffer.from(r.key, 'utf8'), partitions);
        this.partitionOfKey.set(r.key, p);
      }
      const list = byPartition.get(p);
      if (list) list.push(r);
      else byPartition.set(p, [r]);
    }
    const producer = this.producer as { id: number; epoch: number };
    const timestamp = Date.now();
    return [...byPartition].map(([partition, list]) => ({
      partition,
      count: list.length,
      bytes: encodeRecordBatch(list, { producerId: producer.id, producerEpoch: producer.epoch, baseSequence: this.sequences[partition] ?? 0, timestamp }),
    }));
  }

  /** Sends the batches to their leaders (one request per leader, in parallel); returns those that failed. */
  private async produce(batches: readonly PartitionBatch[]): Promise<Array<{ batch: PartitionBatch; reason: string }>> {
    const byLeader = new Map<number, PartitionBatch[]>();
    for (const b of batches) {
      const leader = this.leaders[b.partition] ?? -1;
      const list = byLeader.get(leader);
      if (list) list.push(b);
      else byLeader.set(leader, [b]);
    }
    const results = await Promise.all(
      [...byLeader].map(async ([leader, list]) => {
        try {
          if (leader < 0) return list.map((batch) => ({ batch, reason: `partition ${batch.partition} has no leader` }));
          return await this.produceTo(leader, list);
        } catch (err) {
          this.dropConnection(leader);
          return list.map((batch) => ({ batch, reason: (err as Error).message }));
        }
      }),
    );
    return results.flat();
  }

  private async produceTo(leader: number, batches: readonly PartitionBatch[]): Promise<Array<{ batch: PartitionBatch; reason: string }>> {
    const connection = await this.connectionTo(leader);
    const body = new BodyWriter()
      .string(null) // transactional id
      .int16(-1) // acks: all in-sync replicas
      .int32(this.produceTimeoutMs)
      .array([this.options.topic], (topic, w) => w.string(topic).array(batches, (b, pw) => pw.int32(b.partition).bytes(b.bytes)));
    const response = await connection.request(API.produce, VERSION.produce, body);
    const codes = new Map<number, number>();
    response.array((r) => {
      r.string();
      r.array((p) => {
        const partition = p.int32();
        codes.set(partition, p.int16());
        p.int64(); // base offset
        p.int64(); // log append time
        p.int64(); // log start offset
      });
    });
    const failed: Array<{ batch: PartitionBatch; reason: string }> = [];
    for (const batch of batches) {
      const code = codes.get(batch.partition) ?? -1;
      if (code === 0 || code === DUPLICATE_SEQUENCE) {
        this.sequences[batch.partition] = ((this.sequences[batch.partition] ?? 0) + batch.count) % 2 ** 31;
        continue;
      }
      const reason = `partition ${batch.partition}: ${code === -1 ? 'no answer' : errorName(code)}`;
      if (!RETRIABLE.has(code)) throw new InfraError('ServiceUnavailable', `Kafka refused records of topic ${this.options.topic}, ${reason}`, { service: 'kafka', kafkaError: errorName(code) });
      failed.push({ batch, reason });
    }
    return failed;
  }

  /** Reads the topic's partition leaders and the brokers' addresses. */
  private async refreshMetadata(): Promise<void> {
    const connection = await this.anyConnection();
    const body = new BodyWriter().array([this.options.topic], (t, w) => w.string(t)).bool(false);
    const r = await connection.request(API.metadata, VERSION.metadata, body);
    r.int32(); // throttle time
    const brokers = new Map<number, Broker>();
    r.array((b) => {
      const nodeId = b.int32();
      const host = b.string();
      const port = b.int32();
      b.nullableString(); // rack
      brokers.set(nodeId, { host, port });
    });
    r.nullableString(); // cluster id
    r.int32(); // controller id
    let leaders: number[] = [];
    let topicError = 0;
    r.array((t) => {
      topicError = t.int16();
      t.string();
      t.bool(); // is internal
      const found: number[] = [];
      t.array((p) => {
        p.int16();
        const index = p.int32();
        found[index] = p.int32();
        readInt32Array(p); // replicas
        readInt32Array(p); // in-sync replicas
        readInt32Array(p); // offline replicas
      });
      leaders = Array.from({ length: found.length }, (_, i) => found[i] ?? -1);
    });
    if (topicError !== 0 || leaders.length === 0) {
      throw new InfraError('ServiceUnavailable', `Kafka topic ${this.options.topic} is not available (${errorName(topicError)}); topics are created by \`ciao stack up\``, { service: 'kafka', kafkaError: errorName(topicError) });
    }
    // Connections to brokers whose address changed are closed (they are reopened on use).
    for (const [id, c] of this.connections) {
      const b = brokers.get(id);
      if (id >= 0 && (!b || b.host !== c.options.host || b.port !== c.options.port)) this.dropConnection(id);
    }
    if (leaders.length !== this.leaders.length) this.partitionOfKey.clear();
    this.brokers = brokers;
    this.leaders = leaders;
  }

  /**
   * Gets a producer id (and epoch) from the cluster; sequences start again at 0. A broker that has just
   * started answers COORDINATOR_LOAD_IN_PROGRESS for a few seconds: such answers are retried for up to
   * {@link INIT_PATIENCE_MS}.
   */
  private async initProducerId(): Promise<void> {
    const deadline = Date.now() + INIT_PATIENCE_MS;
    for (let attempt = 1; ; attempt++) {
      const connection = await this.anyConnection();
      const r = await connection.request(API.initProducerId, VERSION.initProducerId, new BodyWriter().string(null).int32(60_000));
      r.int32(); // throttle time
      const code = r.int16();
      const id = r.int64();
      const epoch = r.int16();
      if (code === 0) {
        this.producer = { id, epoch };
        this.sequences = [];
        return;
      }
      if (!INIT_RETRIABLE.has(code) || Date.now() >= deadline) {
        throw new InfraError('ServiceUnavailable', `Kafka gave no producer id (${errorName(code)})`, { service: 'kafka', kafkaError: errorName(code) });
      }
      await sleep(Math.min(1000, 100 * attempt));
    }
  }

  /** A connection to a known broker, else to the first bootstrap broker that answers (checked with ApiVersions). */
  private async anyConnection(): Promise<KafkaConnection> {
    for (const [id, c] of this.connections) if (c.usable && id >= 0) return c;
    for (const id of this.brokers.keys()) {
      try {
        return await this.connectionTo(id);
      } catch {
        /* try the next */
      }
    }
    const errors: string[] = [];
    for (const address of this.options.settings.brokers) {
      const [host, port] = splitAddress(address);
      const bootstrap = this.connections.get(-1);
      if (bootstrap?.usable && bootstrap.options.host === host && bootstrap.options.port === port) return bootstrap;
      try {
        const c = await this.open(host, port);
        await checkVersions(c);
        this.connections.set(-1, c);
        return c;
      } catch (err) {
        errors.push((err as Error).message);
      }
    }
    throw new InfraError('ServiceUnavailable', `no Kafka broker reachable (${errors.join('; ')})`, { service: 'kafka' });
  }

  private async connectionTo(nodeId: number): Promise<KafkaConnection> {
    const existing = this.connections.get(nodeId);
    if (existing?.usable) return existing;
    const broker = this.brokers.get(nodeId);
    if (!broker) throw new InfraError('ServiceUnavailable', `Kafka broker ${nodeId} is not in the metadata`, { service: 'kafka' });
    const c = await this.open(broker.host, broker.port);
    this.connections.set(nodeId, c);
    return c;
  }

  private async open(host: string, port: number): Promise<KafkaConnection> {
    const c = new KafkaConnection({
      host,
      port,
      clientId: this.options.settings.clientId ?? 'ciao',
      connectTimeoutMs: this.options.settings.connectionTimeout ?? 3000,
      requestTimeoutMs: Math.max(this.options.settings.requestTimeout ?? 10_000, this.produceTimeoutMs + 5000),
    });
    await c.connect();
    return c;
  }

  private dropConnection(nodeId: number): void {
    this.connections.get(nodeId)?.close();
    this.connections.delete(nodeId);
  }
}

/** Fails unless the broker speaks the request versions this writer uses. */
async function checkVersions(c: KafkaConnection): Promise<void> {
  const r = await c.request(API.apiVersions, VERSION.apiVersions, new BodyWriter());
  const code = r.int16();
  if (code !== 0) throw new Error(`ApiVersions failed (${errorName(code)})`);
  const supported = new Map<number, [number, number]>();
  r.array((a) => supported.set(a.int16(), [a.int16(), a.int16()]));
  for (const [name, key] of Object.entries(API)) {
    const want = VERSION[name as keyof typeof VERSION];
    const range = supported.get(key);
    if (!range || want < range[0] || want > range[1]) throw new Error(`broker ${c.address} does not support ${name} v${want} (supports ${range ? `v${range[0]}–v${range[1]}` : 'none'})`);
  }
}

function readInt32Array(r: BodyReader): void {
  r.array((x) => x.int32());
}

function splitAddress(address: string): [string, number] {
  const at = address.lastIndexOf(':');
  return [address.slice(0, at), Number(address.slice(at + 1))];
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
