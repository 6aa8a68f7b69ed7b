/**
 * The event publisher of the web tier: user events go to `logs.raw` through a batching, idempotent producer
 * that runs on a thread of its own, never on the request path.
 *
 * `publish()` serialises the event and appends it to the open chunk; chunks go to the sender thread (`sender-thread.ts`, a `BatchSender`) every few milliseconds, and the
 * sender writes them to Kafka in requests of up to `batchSize` events, waiting at most `lingerMs` to fill one.
 * Checking each event against the shared schema, encoding and sending happen there (`infra/kafka-writer/`),
 * so a request pays only for `JSON.stringify` — the benchmark (bench/web) measures what publishing costs a
 * light page.
 *
 * Nothing is lost between threads: every chunk stays here until the sender reports Kafka acknowledged it, so
 * if the thread dies the chunks are given, in order, to a new one. When Kafka is slow or down the chunks
 * wait (the sender retries with back-off) and are delivered when it returns; once `maxBuffer` events are
 * waiting, the newest event is dropped and counted, so memory stays bounded and requests never wait. A chunk
 * re-sent after a lost acknowledgement or a thread restart may arrive twice: consumers de-duplicate on the
 * event id.
 */
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { eventKey, type LogEvent } from '../../domain/events';
import { TOPICS } from '../../infra/contracts';
import type { KafkaSettings } from '../../infra/kafka';
import type { EventChunk, FromSender, SenderConfig, ToSender } from './sender-protocol';

/** Options of {@link EventPublisher}. */
export interface PublisherOptions {
  /** Topic (default `logs.raw`). */
  readonly topic?: string;
  /** Most events held while Kafka is unavailable (default 10 000). */
  readonly maxBuffer?: number;
  /**
   * Most events per Kafka request (default 2000). With `lingerMs`, large requests keep the broker's cost per
   * event low: on the benchmark machine 400-event requests cost the broker 4–13 µs per event, 2000-event ones
   * under 2 µs (the broker shares the cores with the web tier there).
   */
  readonly batchSize?: number;
  /** How long an event may wait in the sender for companions before a request is sent, in ms (default 200). */
  readonly lingerMs?: number;
  /** Longest wait between reconnection attempts, in ms (default 5000). */
  readonly maxBackoffMs?: number;
  /** Called when events are dropped, a batch fails or the sender thread restarts (for logs). */
  readonly onProblem?: (problem: { kind: 'overflow' | 'invalid' | 'send_failed' | 'sender_restarted'; detail: string }) => void;
}

/** Counters for `/metrics` and health. */
export interface PublisherStats {
  /** Events acknowledged by Kafka. */
  readonly published: number;
  /** Events not yet acknowledged: waiting here, in the sender thread, or in a request being sent. */
  readonly buffered: number;
  /** Events dropped because the buffer was full. */
  readonly dropped: number;
  /** Events refused by the schema (a bug in the caller). */
  readonly invalid: number;
  /** Kafka requests that failed (their events were kept and retried). */
  readonly failedBatches: number;
  /** Times the sender thread died and was replaced. */
  readonly senderRestarts: number;
  /** Whether the last send succeeded. */
  readonly connected: boolean;
}

/**
 * Chunks go to the sender thread small and often (it does the lingering): copying a chunk to the thread
 * blocks the event loop for about half a microsecond per event, so a 2000-event chunk would add a millisecond
 * to the requests waiting behind it.
 */
const HANDOVER_EVENTS = 250;
const HANDOVER_MS = 20;
/** How long to wait before replacing a dead sender thread, so a thread that dies at start cannot spin. */
const RESTART_DELAY_MS = 1000;
/** How long stop() waits beyond its flush timeout for the thread to disconnect from Kafka. */
const CLOSE_GRACE_MS = 5000;

/** See the module comment. */
export class EventPublisher {
  private readonly senderConfig: SenderConfig;
  private readonly maxBuffer: number;
  private readonly batchSize: number;
  /** The chunk being filled. */
  private open = emptyChunk(1);
  private handoverTimer: NodeJS.Timeout | undefined;
  /** Chunks handed to the sender and not yet acknowledged, in id (= publish) order. */
  private readonly pending = new Map<number, EventChunk>();
  private pendingEvents = 0;
  /** Invalid events per pending chunk, as the sender reported them. */
  private readonly invalidOf = new Map<number, number>();
  private counters = { published: 0, dropped: 0, invalid: 0, failedBatches: 0, senderRestarts: 0 };
  private connected = false;
  private running = false;
  private sender: Worker | undefined;
  private restartTimer: NodeJS.Timeout | undefined;
  /** Set while stop() waits for the sender's `closed`. */
  private onClosed: (() => void) | undefined;

  /**
   * @param kafka the client settings; the sender thread opens its own Kafka connections with them
   */
  constructor(
    kafka: KafkaSettings,
    private readonly options: PublisherOptions = {},
  ) {
    this.maxBuffer = options.maxBuffer ?? 10_000;
    this.batchSize = options.batchSize ?? 2000;
    this.senderConfig = { kafka, topic: options.topic ?? TOPICS.logsRaw, batchSize: this.batchSize, lingerMs: options.lingerMs ?? 200, maxBackoffMs: options.maxBackoffMs ?? 5000 };
  }

  /**
   * Queues `event` for Kafka; returns at once. False when the event was dropped (buffer full) — the caller's
   * request goes on either way. The sender thread checks the event against the shared schema before sending;
   * one that fails is counted (`invalid`), reported through `onProblem` and not sent — callers that take
   * events from outside (the beacon route) check them first with `parseLogEvent`.
   */
  publish(event: LogEvent): boolean {
    if (this.pendingEvents + this.open.keys.length >= this.maxBuffer) {
      this.counters.dropped++;
      this.options.onProblem?.({ kind: 'overflow', detail: `buffer full (${this.maxBuffer}); dropped a ${event.type} event` });
      return false;
    }
    const chunk = this.open;
    chunk.keys.push(eventKey(event));
    chunk.values.push(JSON.stringify(event));
    chunk.types.push(event.type);
    if (chunk.keys.length >= HANDOVER_EVENTS) this.handOver();
    else if (chunk.keys.length === 1 && this.running) this.handoverTimer = setTimeout(() => this.handOver(), HANDOVER_MS).unref();
    return true;
  }

  /** Current counters. */
  stats(): PublisherStats {
    return { ...this.counters, buffered: this.pendingEvents + this.open.keys.length, connected: this.connected };
  }

  /** Starts the sender thread (idempotent); events published before are sent now. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.startSender();
    for (const chunk of this.pending.values()) this.post({ kind: 'chunk', chunk });
    this.handOver();
  }

  /**
   * Stops after trying, for at most `flushTimeoutMs` (default 5000), to deliver what is buffered.
   * @returns how many events were still undelivered
   */
  async stop(flushTimeoutMs = 5000): Promise<number> {
    if (!this.running) return this.stats().buffered;
    this.handOver();
    this.running = false;
    clearTimeout(this.restartTimer);
    const sender = this.sender;
    if (sender) {
      sender.ref();
      const closed = new Promise<void>((resolve) => {
        this.onClosed = resolve;
        setTimeout(resolve, flushTimeoutMs + CLOSE_GRACE_MS).unref();
      });
      this.post({ kind: 'close', deadline: Date.now() + flushTimeoutMs });
      await closed;
      this.onClosed = undefined;
      this.sender = undefined;
      await sender.terminate();
    }
    return this.stats().buffered;
  }

  /** Moves the open chunk to the pending ones and, when the sender runs, hands it over. */
  private handOver(): void {
    clearTimeout(this.handoverTimer);
    this.handoverTimer = undefined;
    const chunk = this.open;
    if (chunk.keys.length === 0) return;
    this.open = emptyChunk(chunk.id + 1);
    const sealed: EventChunk = { id: chunk.id, keys: chunk.keys, values: chunk.values.join('\n'), types: chunk.types };
    this.pending.set(sealed.id, sealed);
    this.pendingEvents += sealed.keys.length;
    this.post({ kind: 'chunk', chunk: sealed });
  }

  private post(message: ToSender): void {
    this.sender?.postMessage(message);
  }

  private startSender(): void {
    const sender = spawnSenderThread(this.senderConfig);
    sender.unref();
    sender.on('message', (message: FromSender) => this.receive(message));
    sender.on('error', (err) => this.options.onProblem?.({ kind: 'sender_restarted', detail: `sender thread failed: ${err.message}` }));
    sender.on('exit', () => {
      if (this.sender !== sender) return;
      this.sender = undefined;
      this.onClosed?.();
      if (!this.running) return;
      // The thread died on its own: a new one gets every unacknowledged chunk, in order.
      this.counters.senderRestarts++;
      this.connected = false;
      this.restartTimer = setTimeout(() => {
        if (!this.running) return;
        this.startSender();
        for (const chunk of this.pending.values()) this.post({ kind: 'chunk', chunk });
      }, RESTART_DELAY_MS).unref();
    });
    this.sender = sender;
  }

  private receive(message: FromSender): void {
    switch (message.kind) {
      case 'acked':
        for (const id of message.ids) {
          const chunk = this.pending.get(id);
          if (!chunk) continue;
          const sent = chunk.keys.length - (this.invalidOf.get(id) ?? 0);
          this.pending.delete(id);
          this.invalidOf.delete(id);
          this.pendingEvents -= sent;
          this.counters.published += sent;
        }
        this.connected = true;
        return;
      case 'invalid': {
        // Counted once per chunk, even if a replacement thread checks the chunk again.
        if (!this.pending.has(message.id) || this.invalidOf.has(message.id)) return;
        this.invalidOf.set(message.id, message.count);
        this.counters.invalid += message.count;
        this.pendingEvents -= message.count;
        this.options.onProblem?.({ kind: 'invalid', detail: message.detail });
        return;
      }
      case 'send_failed':
        this.counters.failedBatches++;
        this.connected = false;
        this.options.onProblem?.({ kind: 'send_failed', detail: message.detail });
        return;
      case 'closed':
        this.onClosed?.();
        return;
    }
  }
}

/** The chunk being filled (sealed into an {@link EventChunk} when handed over). */
interface OpenChunk {
  readonly id: number;
  readonly keys: string[];
  readonly values: string[];
  readonly types: string[];
}

function emptyChunk(id: number): OpenChunk {
  return { id, keys: [], values: [], types: [] };
}

/**
 * Starts `sender-thread` next to this module: the compiled `.js` as it is, the `.ts` source (tsx, as the
 * project runs) through tsx's require hook, which a worker thread does not inherit.
 */
function spawnSenderThread(config: SenderConfig): Worker {
  const file = path.join(__dirname, `sender-thread${path.extname(__filename)}`);
  if (!file.endsWith('.ts')) return new Worker(file, { workerData: config });
  const bootstrap = `require(${JSON.stringify(require.resolve('tsx/cjs'))}); require(${JSON.stringify(file)});`;
  return new Worker(bootstrap, { eval: true, workerData: config });
}
