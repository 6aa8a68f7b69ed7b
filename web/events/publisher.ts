/**
 * The event publisher of the web tier: user events go to `logs.raw` through a batching, idempotent kafkajs
 * producer, and never on the request path.
 *
 * `publish()` validates the event against the shared schema and appends it to a bounded in-memory buffer; a
 * background loop sends batches. When Kafka is slow or down, events wait in the buffer and are delivered when
 * it returns (a failed batch is put back in front, so order is kept and nothing is lost); when the buffer is
 * full the newest event is dropped and counted, so memory stays bounded and requests never wait.
 * A batch re-sent after a lost acknowledgement may arrive twice: consumers de-duplicate on the event id.
 */
import { Partitioners, type Kafka, type Producer } from 'kafkajs';
import { eventKey, parseLogEvent, type LogEvent } from '../../domain/events';
import { TOPICS } from '../../infra/contracts';

/** Options of {@link EventPublisher}. */
export interface PublisherOptions {
  /** Topic (default `logs.raw`). */
  readonly topic?: string;
  /** Most events held while Kafka is unavailable (default 10 000). */
  readonly maxBuffer?: number;
  /** Most events per Kafka request (default 500). */
  readonly batchSize?: number;
  /** How long a lone event may wait for companions before it is sent, in ms (default 50). */
  readonly lingerMs?: number;
  /** Longest wait between reconnection attempts, in ms (default 5000). */
  readonly maxBackoffMs?: number;
  /** Called when events are dropped or a batch fails (for logs); rate-limited by the caller if needed. */
  readonly onProblem?: (problem: { kind: 'overflow' | 'invalid' | 'send_failed'; detail: string }) => void;
}

/** Counters for `/metrics` and health. */
export interface PublisherStats {
  /** Events acknowledged by Kafka. */
  readonly published: number;
  /** Events not yet acknowledged: waiting in the buffer or in a request being sent. */
  readonly buffered: number;
  /** Events dropped because the buffer was full. */
  readonly dropped: number;
  /** Events refused by the schema (a bug in the caller). */
  readonly invalid: number;
  /** Batches that failed and were put back. */
  readonly failedBatches: number;
  /** Whether the last send succeeded. */
  readonly connected: boolean;
}

/** See the module comment. */
export class EventPublisher {
  private readonly topic: string;
  private readonly maxBuffer: number;
  private readonly batchSize: number;
  private readonly lingerMs: number;
  private readonly maxBackoffMs: number;
  private readonly producer: Producer;
  private buffer: LogEvent[] = [];
  /** Events taken from the buffer for the request in flight (put back if it fails). */
  private inFlight = 0;
  private counters = { published: 0, dropped: 0, invalid: 0, failedBatches: 0 };
  private connected = false;
  private producerConnected = false;
  private running = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;

  constructor(
    kafka: Kafka,
    private readonly options: PublisherOptions = {},
  ) {
    this.topic = options.topic ?? TOPICS.logsRaw;
    this.maxBuffer = options.maxBuffer ?? 10_000;
    this.batchSize = options.batchSize ?? 500;
    this.lingerMs = options.lingerMs ?? 50;
    this.maxBackoffMs = options.maxBackoffMs ?? 5000;
    this.producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
      retry: { retries: 1, initialRetryTime: 100, maxRetryTime: 1000 },
    });
  }

  /**
   * Queues `event` for Kafka; returns at once. False when the event was refused (invalid) or dropped (buffer
   * full) — the caller's request goes on either way.
   */
  publish(event: LogEvent): boolean {
    const parsed = parseLogEvent(event);
    if (!parsed.ok) {
      this.counters.invalid++;
      this.options.onProblem?.({ kind: 'invalid', detail: `${event.type}: ${parsed.errors.join('; ')}` });
      return false;
    }
    if (this.buffer.length + this.inFlight >= this.maxBuffer) {
      this.counters.dropped++;
      this.options.onProblem?.({ kind: 'overflow', detail: `buffer full (${this.maxBuffer}); dropped a ${event.type} event` });
      return false;
    }
    this.buffer.push(event);
    if (this.buffer.length >= this.batchSize) this.wake?.();
    return true;
  }

  /** Current counters. */
  stats(): PublisherStats {
    return { ...this.counters, buffered: this.buffer.length + this.inFlight, connected: this.connected };
  }

  /** Starts the background send loop (idempotent). */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /**
   * Stops the loop after trying, for at most `flushTimeoutMs` (default 5000), to deliver what is buffered.
   * @returns how many events were still undelivered
   */
  async stop(flushTimeoutMs = 5000): Promise<number> {
    if (!this.running) return this.buffer.length;
    const deadline = Date.now() + flushTimeoutMs;
    while (this.buffer.length > 0 && Date.now() < deadline) {
      this.wake?.();
      await sleep(20);
    }
    this.running = false;
    this.wake?.();
    await this.loop;
    if (this.producerConnected) await this.producer.disconnect().catch(() => undefined);
    return this.buffer.length;
  }

  private async run(): Promise<void> {
    let backoff = 100;
    while (this.running) {
      if (this.buffer.length === 0) {
        await this.idle(1000);
        continue;
      }
      if (this.buffer.length < this.batchSize) await this.idle(this.lingerMs);
      const batch = this.buffer.splice(0, this.batchSize);
      if (batch.length === 0) continue;
      this.inFlight = batch.length;
      try {
        if (!this.producerConnected) {
          await this.producer.connect();
          this.producerConnected = true;
        }
        await this.producer.send({
          topic: this.topic,
          acks: -1,
          messages: batch.map((e) => ({ key: eventKey(e), value: JSON.stringify(e), headers: { type: e.type } })),
        });
        this.inFlight = 0;
        this.counters.published += batch.length;
        this.connected = true;
        backoff = 100;
      } catch (err) {
        // Put the batch back in front: order kept, nothing lost (the bound counted it while in flight).
        this.buffer = batch.concat(this.buffer);
        this.inFlight = 0;
        this.counters.failedBatches++;
        this.connected = false;
        this.options.onProblem?.({ kind: 'send_failed', detail: (err as Error).message });
        if (this.producerConnected) {
          await this.producer.disconnect().catch(() => undefined);
          this.producerConnected = false;
        }
        await this.idle(backoff);
        backoff = Math.min(backoff * 2, this.maxBackoffMs);
      }
    }
  }

  /** Waits `ms`, or less when woken by a full batch or by stop(). */
  private idle(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
    });
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
