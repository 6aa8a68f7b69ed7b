/**
 * The Kafka side of the event publisher: a queue of serialised event chunks and the loop that writes them with
 * an idempotent producer ({@link KafkaTopicWriter}), a few chunks per request, in order.
 *
 * It runs on the publisher's sender thread (see `sender-thread.ts`), so validation, encoding and network work
 * never take turns with requests on the web tier's event loop. Each event is checked against the shared event
 * schema when its chunk arrives; one that fails is reported (`invalid`) and never sent. A failed request keeps its chunks at the front of the
 * queue and is retried with exponential back-off (reconnecting), so order is kept and nothing is lost; a chunk
 * is acknowledged only when Kafka acknowledged all of it.
 */
import { parseLogEvent } from '../../domain/events';
import { KafkaTopicWriter, type WireRecord } from '../../infra/kafka-writer/topic-writer';
import type { EventChunk, FromSender, SenderConfig } from './sender-protocol';

/** See the module comment. */
export class BatchSender {
  private readonly writer: KafkaTopicWriter;
  private queue: QueuedChunk[] = [];
  /** Events in `queue`. */
  private queuedEvents = 0;
  /** When the chunk at the head of the queue arrived (epoch ms). */
  private headSince = 0;
  private running = true;
  private deadline = Infinity;
  private wake: (() => void) | undefined;
  /** Whether a new chunk ends the current wait (not during a back-off). */
  private waitingForWork = false;
  private readonly loop: Promise<void>;

  /** Starts the send loop at once; `post` receives acknowledgements and problems. */
  constructor(
    private readonly config: SenderConfig,
    private readonly post: (message: FromSender) => void,
  ) {
    this.writer = new KafkaTopicWriter({ settings: config.kafka, topic: config.topic, attempts: 2 });
    this.loop = this.run();
  }

  /** Queues a chunk (sent in arrival order). */
  enqueue(chunk: EventChunk): void {
    const queued = this.validate(chunk);
    if (this.queue.length === 0) this.headSince = Date.now();
    this.queue.push(queued);
    this.queuedEvents += queued.records.length;
    if (this.waitingForWork) this.wake?.();
  }

  /**
   * Delivers what is queued until `deadline` (epoch ms), then stops and disconnects.
   * @returns how many events were still undelivered
   */
  async close(deadline: number): Promise<number> {
    this.deadline = deadline;
    this.wake?.();
    await this.loop;
    this.writer.close();
    return this.queue.reduce((n, c) => n + c.records.length, 0);
  }

  private async run(): Promise<void> {
    let backoff = 100;
    while (this.running) {
      if (this.queue.length === 0) {
        if (this.deadline !== Infinity) break;
        await this.idle(1000, true);
        continue;
      }
      if (Date.now() >= this.deadline) break;
      // Linger for a full request (fewer, larger requests cost the broker much less per event) unless closing.
      const lingerLeft = this.headSince + this.config.lingerMs - Date.now();
      if (this.deadline === Infinity && this.queuedEvents < this.config.batchSize && lingerLeft > 0) {
        await this.idle(lingerLeft, true);
        continue;
      }
      const take = this.nextRequest();
      try {
        await this.writer.send(take.length === 1 ? (take[0] as QueuedChunk).records : take.flatMap((c) => c.records));
        this.queue.splice(0, take.length);
        this.queuedEvents -= take.reduce((n, c) => n + c.records.length, 0);
        this.headSince = Date.now();
        this.post({ kind: 'acked', ids: take.map((c) => c.id) });
        backoff = 100;
      } catch (err) {
        this.post({ kind: 'send_failed', detail: (err as Error).message });
        await this.idle(Math.min(backoff, Math.max(0, this.deadline - Date.now())), false);
        backoff = Math.min(backoff * 2, this.config.maxBackoffMs);
      }
    }
    this.running = false;
  }

  /** The chunks at the head of the queue that fit one request (at least one, however large). */
  private nextRequest(): QueuedChunk[] {
    const take: QueuedChunk[] = [];
    let events = 0;
    for (const chunk of this.queue) {
      if (take.length > 0 && events + chunk.records.length > this.config.batchSize) break;
      take.push(chunk);
      events += chunk.records.length;
    }
    return take;
  }

  /** The chunk's valid events as records; reports the invalid ones. */
  private validate(chunk: EventChunk): QueuedChunk {
    const values = chunk.values.split('\n');
    const records: WireRecord[] = [];
    let invalid = 0;
    let detail = '';
    for (let i = 0; i < chunk.keys.length; i++) {
      const value = values[i] ?? '';
      const parsed = parseLogEvent(value);
      if (!parsed.ok) {
        if (invalid++ === 0) detail = `${chunk.types[i] ?? '?'}: ${parsed.errors.join('; ')}`;
        continue;
      }
      records.push({ key: chunk.keys[i] ?? '', value, headers: [['type', chunk.types[i] ?? '']] });
    }
    if (invalid > 0) this.post({ kind: 'invalid', id: chunk.id, count: invalid, detail });
    return { id: chunk.id, records };
  }

  /** Waits `ms`, or less when close() is called or (with `forWork`) a chunk arrives. */
  private idle(ms: number, forWork: boolean): Promise<void> {
    this.waitingForWork = forWork;
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.wake = undefined;
        this.waitingForWork = false;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
    });
  }
}

/** A chunk as queued: its id and its valid events as Kafka records. */
interface QueuedChunk {
  readonly id: number;
  readonly records: readonly WireRecord[];
}
