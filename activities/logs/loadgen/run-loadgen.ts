/**
 * Runs synthetic traffic against Kafka through the web tier's own path: events planned by the
 * {@link TrafficGenerator}, built by `buildEvent` and queued on an {@link EventPublisher} (validation,
 * bounded buffer, batching, drops counted), paced by a token bucket. Reports every few seconds.
 */
import type { KafkaSettings } from '../../../infra/kafka';
import type { LogEvent } from '../../../domain/events';
import { EventPublisher, type PublisherOptions } from '../../../web/events/publisher';
import { toLogEvent } from './planned-event';
import { TokenBucket } from './token-bucket';
import { TrafficGenerator } from './traffic';

/** Options of {@link runLoadgen}. */
export interface LoadgenOptions {
  /** Events per second; 0 sends as fast as the publisher takes them. */
  readonly rate: number;
  /** How long to send, ms; undefined runs until `signal` aborts (or `maxEvents` are sent). */
  readonly durationMs?: number;
  /** Stop after this many events (default: no limit). */
  readonly maxEvents?: number;
  /** Seed of the traffic (default 42). */
  readonly seed?: number;
  /** Members in the population (default 500). */
  readonly members?: number;
  /** Topic (default `logs.raw`). */
  readonly topic?: string;
  /** Stops sending when aborted (what is buffered is still flushed). */
  readonly signal?: AbortSignal;
  /** Interval of progress reports, ms (default 5000). */
  readonly reportEveryMs?: number;
  /** Called with each progress report and once at the end (`final: true`). */
  readonly onReport?: (report: LoadgenReport) => void;
  /** Event time of each event (default: the wall clock, so dashboards and freshness are live). */
  readonly clock?: () => Date;
  /**
   * Hold generation while the publisher's buffer is over 80 % full instead of letting it drop. Default: false
   * with a rate (the web tier's behaviour: drops counted), true with rate 0 ("as fast as Kafka takes them").
   */
  readonly waitWhenFull?: boolean;
  /** Publisher tuning (buffer, batch size, linger); the topic is `topic`. */
  readonly publisher?: Omit<PublisherOptions, 'topic' | 'onProblem'>;
  /** Sees (and may replace) each event before it is published: benchmarks tag probes with it. */
  readonly tap?: (event: LogEvent, index: number) => LogEvent;
  /** How long to wait at the end for buffered events, ms (default 30 000). */
  readonly flushTimeoutMs?: number;
}

/** A progress report. */
export interface LoadgenReport {
  readonly elapsedMs: number;
  /** Events generated and handed to the publisher. */
  readonly generated: number;
  /** Events acknowledged by Kafka. */
  readonly published: number;
  /** Events the publisher dropped (buffer full). */
  readonly dropped: number;
  /** Events refused by the schema (a generator bug if ever > 0). */
  readonly invalid: number;
  /** Events waiting in the publisher's buffer. */
  readonly buffered: number;
  /** Acknowledged events per second since the previous report. */
  readonly rate: number;
  /** Acknowledged events per second since the start. */
  readonly averageRate: number;
  /** Whether this is the final report (after the flush). */
  readonly final: boolean;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Most events generated in one step before yielding to the publisher's loop. */
const STEP = 1000;

/**
 * Generates and publishes until the duration passes or `signal` aborts, then flushes the publisher.
 * @returns the final report
 */
export async function runLoadgen(kafka: KafkaSettings, options: LoadgenOptions): Promise<LoadgenReport> {
  const traffic = new TrafficGenerator({
    seed: options.seed ?? 42,
    members: options.members ?? 500,
    start: Date.now(),
    // Enough visits in flight for the rate to look like a crowd (about 6 s between a visit's events).
    concurrency: Math.min(5000, Math.max(20, Math.round((options.rate || 5000) * 6))),
  });
  const publisher = new EventPublisher(kafka, { ...options.publisher, ...(options.topic ? { topic: options.topic } : {}) });
  const maxBuffer = options.publisher?.maxBuffer ?? 10_000;
  const bucket = options.rate > 0 ? new TokenBucket(options.rate) : undefined;
  const clock = options.clock ?? (() => new Date());
  const reportEvery = options.reportEveryMs ?? 5000;
  const started = performance.now();
  let generated = 0;
  let lastReport = { at: started, published: 0 };

  const report = (final: boolean): LoadgenReport => {
    const now = performance.now();
    const stats = publisher.stats();
    const interval = Math.max(1, now - lastReport.at);
    const r: LoadgenReport = {
      elapsedMs: Math.round(now - started),
      generated,
      published: stats.published,
      dropped: stats.dropped,
      invalid: stats.invalid,
      buffered: stats.buffered,
      rate: Math.round(((stats.published - lastReport.published) * 1000) / interval),
      averageRate: Math.round((stats.published * 1000) / Math.max(1, now - started)),
      final,
    };
    lastReport = { at: now, published: stats.published };
    options.onReport?.(r);
    return r;
  };

  publisher.start();
  const reporter = setInterval(() => report(false), reportEvery);
  try {
    const deadline = options.durationMs === undefined ? Infinity : started + options.durationMs;
    const maxEvents = options.maxEvents ?? Infinity;
    while (!options.signal?.aborted && performance.now() < deadline && generated < maxEvents) {
      if ((options.waitWhenFull ?? options.rate === 0) && publisher.stats().buffered > maxBuffer * 0.8) {
        await sleep(5);
        continue;
      }
      const n = Math.min(maxEvents - generated, bucket ? bucket.take(STEP, performance.now()) : STEP);
      for (let i = 0; i < n; i++) {
        let event = toLogEvent(traffic.next(), clock());
        if (options.tap) event = options.tap(event, generated);
        publisher.publish(event);
        generated++;
      }
      // Let the publisher's loop run; wait for tokens when paced.
      if (bucket) await sleep(Math.max(1, bucket.waitMs()));
      else await new Promise<void>((r) => setImmediate(r));
    }
  } finally {
    clearInterval(reporter);
    await publisher.stop(options.flushTimeoutMs ?? 30_000);
  }
  return report(true);
}
