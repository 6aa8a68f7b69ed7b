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
 * wait (the sender retries with back-off) and are delivered when it returns. Once `maxBuffer` events are
 * waiting in memory, further chunks go to a bounded on-disk spill (`spill`, {@link EventSpill}) and come back,
 * in publish order, as Kafka acknowledges what is in memory; only when the spill is full too (or without one)
 * are events dropped and counted, so memory and disk stay bounded and requests never wait. A chunk
 * re-sent after a lost acknowledgement or a thread restart may arrive twice: consumers de-duplicate on the
 * event id.
 */
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { eventKey, type LogEvent } from '../../domain/events';
import { tmpdir } from 'node:os';
import { TOPICS } from '../../infra/contracts';
import type { KafkaSettings } from '../../infra/kafka';
import { EventSpill, type SpilledChunk } from './event-spill';
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
  /**
   * Where events go once `maxBuffer` are waiting in memory: a folder (default: a private one under the
   * system's temporary folder, removed at stop; a folder of your own keeps what a stopped process could not
   * deliver and sends it after the next start) and its bound in bytes. Without it, events beyond `maxBuffer`
   * are dropped.
   */
  readonly spill?: { readonly dir?: string; readonly maxBytes: number };
  /** Called when events are dropped, spilled to disk, a batch fails or the sender thread restarts (for logs). */
  readonly onProblem?: (problem: { kind: 'overflow' | 'spilling' | 'invalid' | 'send_failed' | 'sender_restarted'; detail: string }) => void;
}

/** Counters for `/metrics` and health. */
export interface PublisherStats {
  /** Events acknowledged by Kafka. */
  readonly published: number;
  /** Events not yet acknowledged: waiting here (memory or disk), in the sender thread, or in a request being sent. */
  readonly buffered: number;
  /** Of `buffered`, the events waiting in the on-disk spill. */
  readonly spilled: number;
  /** Events dropped because the buffer (and the spill, when there is one) was full. */
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
  private open = emptyChunk();
  /** Id of the next chunk handed to the sender: ids increase in send order. */
  private nextChunkId = 1;
  /** The on-disk overflow; undefined without `options.spill`. */
  private readonly spill: EventSpill | undefined;
  /** Events read back from the spill and not yet handed over (a read in flight). */
  private draining = 0;
  private readingSpill = false;
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
    if (options.spill && options.spill.maxBytes > 0) {
      this.spill = EventSpill.open({
        dir: options.spill.dir ?? EventSpill.privateDir(tmpdir()),
        maxBytes: options.spill.maxBytes,
        removeDirOnClose: options.spill.dir === undefined,
        onLost: (events, detail) => {
          this.counters.dropped += events;
          this.options.onProblem?.({ kind: 'overflow', detail: `could not write ${events} events to the spill: ${detail}` });
        },
      });
    }
  }

  /**
   * Queues `event` for Kafka; returns at once. False when the event was dropped (buffer full) — the caller's
   * request goes on either way. The sender thread checks the event against the shared schema before sending;
   * one that fails is counted (`invalid`), reported through `onProblem` and not sent — callers that take
   * events from outside (the beacon route) check them first with `parseLogEvent`.
   */
  publish(event: LogEvent): boolean {
    // With a spill, the open chunk (≤ HANDOVER_EVENTS) goes to memory or disk when sealed: memory stays bounded.
    if (!this.spill && this.pendingEvents + this.open.keys.length >= this.maxBuffer) {
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
    const spilled = this.spill?.spilledEvents ?? 0;
    return { ...this.counters, buffered: this.pendingEvents + this.open.keys.length + spilled + this.draining, spilled, connected: this.connected };
  }

  /** Starts the sender thread (idempotent); events published before are sent now. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.startSender();
    for (const chunk of this.pending.values()) this.post({ kind: 'chunk', chunk });
    this.handOver();
    this.drainSpill();
  }

  /**
   * Stops after trying, for at most `flushTimeoutMs` (default 5000), to deliver what is buffered.
   * @returns how many events were still undelivered
   */
  async stop(flushTimeoutMs = 5000): Promise<number> {
    if (!this.running) {
      await this.spill?.close();
      return this.stats().buffered;
    }
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
    const left = this.stats().buffered;
    await this.spill?.close();
    return left;
  }

  /**
   * Seals the open chunk and moves it on: to the pending ones (and the sender) while memory has room and
   * nothing waits on disk, else to the spill — so chunks reach Kafka in publish order either way.
   */
  private handOver(): void {
    clearTimeout(this.handoverTimer);
    this.handoverTimer = undefined;
    const chunk = this.open;
    if (chunk.keys.length === 0) return;
    this.open = emptyChunk();
    const sealed: SpilledChunk = { keys: chunk.keys, values: chunk.values.join('\n'), types: chunk.types };
    const spill = this.spill;
    if (spill && (spill.spilledEvents > 0 || this.readingSpill || this.pendingEvents + sealed.keys.length > this.maxBuffer)) {
      const first = spill.spilledEvents === 0;
      if (!spill.append(sealed)) {
        this.counters.dropped += sealed.keys.length;
        this.options.onProblem?.({ kind: 'overflow', detail: `event spill full (${Math.round(spill.spilledBytes / 1048576)} MiB on disk); dropped ${sealed.keys.length} events` });
      } else if (first) {
        this.options.onProblem?.({ kind: 'spilling', detail: `${this.pendingEvents} events waiting for Kafka in memory: the next ones wait on disk` });
      }
      this.drainSpill();
      return;
    }
    this.addPending(sealed);
  }

  /** Hands a sealed chunk to the sender, keeping it until Kafka acknowledges it. */
  private addPending(sealed: SpilledChunk): void {
    const chunk: EventChunk = { id: this.nextChunkId++, ...sealed };
    this.pending.set(chunk.id, chunk);
    this.pendingEvents += chunk.keys.length;
    this.post({ kind: 'chunk', chunk });
  }

  /**
   * Brings the oldest spilled segment back into memory once it fits (or memory is empty), one read at a time;
   * chunks sealed meanwhile go to the spill behind it, so the order holds.
   */
  private drainSpill(): void {
    const spill = this.spill;
    if (!spill || this.readingSpill || !this.running) return;
    const next = spill.nextEvents;
    if (next === 0 || (this.pendingEvents > 0 && this.pendingEvents + next > this.maxBuffer)) return;
    this.readingSpill = true;
    this.draining = next;
    spill
      .shift()
      .then(
        (chunks) => {
          this.draining = 0;
          for (const chunk of chunks) this.addPending(chunk);
        },
        (err: unknown) => {
          this.draining = 0;
          this.counters.dropped += next;
          this.options.onProblem?.({ kind: 'overflow', detail: `could not read ${next} spilled events back: ${err instanceof Error ? err.message : String(err)}` });
        },
      )
      .finally(() => {
        this.readingSpill = false;
        this.drainSpill();
      })
      .catch(() => undefined);
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
        this.drainSpill();
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
  readonly keys: string[];
  readonly values: string[];
  readonly types: string[];
}

function emptyChunk(): OpenChunk {
  return { keys: [], values: [], types: [] };
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
