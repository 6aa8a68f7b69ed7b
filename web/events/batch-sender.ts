/**
 * The Kafka side of the event publisher: a queue of serialised event chunks and the loop that writes them with
 * an idempotent producer ({@link KafkaTopicWriter}), a few chunks per request, in order.
 *
 * It runs on the publisher's sender thread (see `sender-thread.ts`), so encoding and network work never take
 * turns with requests on the web tier's event loop. A failed request keeps its chunks at the front of the
 * queue and is retried with exponential back-off (reconnecting), so order is kept and nothing is lost; a chunk
 * is acknowledged only when Kafka acknowledged all of it.
 */
import { KafkaTopicWriter, type WireRecord } from '../../infra/kafka-writer/topic-writer';
import type { EventChunk, FromSender, SenderConfig } from './sender-protocol';

/** See the module comment. */
export class BatchSender {
  private readonly writer: KafkaTopicWriter;
  private queue: EventChunk[] = [];
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
    this.queue.push(chunk);
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
    return this.queue.reduce((n, c) => n + c.keys.length, 0);
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
      const take = this.nextRequest();
      try {
        await this.writer.send(toRecords(take));
        this.queue.splice(0, take.length);
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
  private nextRequest(): EventChunk[] {
    const take: EventChunk[] = [];
    let events = 0;
    for (const chunk of this.queue) {
      if (take.length > 0 && events + chunk.keys.length > this.config.batchSize) break;
      take.push(chunk);
      events += chunk.keys.length;
    }
    return take;
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

function toRecords(chunks: readonly EventChunk[]): WireRecord[] {
  const records: WireRecord[] = [];
  for (const chunk of chunks) {
    for (let i = 0; i < chunk.keys.length; i++) {
      records.push({ key: chunk.keys[i] ?? '', value: chunk.values[i] ?? '', headers: [['type', chunk.types[i] ?? '']] });
    }
  }
  return records;
}
