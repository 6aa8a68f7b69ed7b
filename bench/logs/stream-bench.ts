/**
 * The hot-path figures: loadgen → EventPublisher → Kafka → aggregator (its own process) → Redis.
 *
 * - Throughput: loadgen sends N events as fast as the publisher takes them; Redis's stored offsets of the
 *   benchmark topic (written in the same Lua step as the counters) say how many are applied, sampled every
 *   second.
 * - Freshness: at a fixed rate, about one event in `probeEvery` is turned into a search for a unique word;
 *   a poller asks Redis every 10 ms for the word's score in the day's ranking. Freshness = when it appears
 *   − its event time: publisher linger, Kafka, the consumer's fetch wait and the Lua step, all included.
 *
 * Events are stamped with the wall clock shifted back by whole days ({@link SHIFT_MS}): same hours and
 * minutes, so windows behave as live, but the counters land on a day of their own that the benchmark deletes
 * afterwards — the live dashboards are not flooded.
 */
import { fork, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import type { Redis } from 'ioredis';
import type { LogEvent } from '../../domain/events';
import { runLoadgen, type LoadgenReport } from '../../activities/logs/loadgen/run-loadgen';
import { AGG_STATE, searchRankKey } from '../../infra/contracts';
import type { KafkaStore } from '../../infra/kafka';
import type { ChildMessage } from './aggregator-child';
import { CpuMeter } from './process-cpu';

/** How far back benchmark events are stamped: 3 653 whole days (about ten years). */
export const SHIFT_MS = 3653 * 86_400_000;

/** The benchmark clock: now, shifted back by {@link SHIFT_MS}. */
export const shiftedNow = (): Date => new Date(Date.now() - SHIFT_MS);

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** An aggregator child process. */
export interface AggregatorChild {
  readonly child: ChildProcess;
  /** Stops it (SIGTERM) and waits for it to exit. */
  stop(): Promise<void>;
}

/** Starts the aggregator in its own process and waits until its consumer group is stable. */
export async function startAggregatorChild(kafka: KafkaStore, topic: string, groupId: string, chunkSize?: number): Promise<AggregatorChild> {
  const child = fork(path.join(__dirname, 'aggregator-child.ts'), [topic, groupId, ...(chunkSize ? [String(chunkSize)] : [])], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  child.on('message', (m: ChildMessage) => {
    if (m.kind === 'failed') console.error(`aggregator child failed: ${m.error}`);
  });
  const admin = await kafka.admin();
  const deadline = Date.now() + 60_000;
  for (;;) {
    const { groups } = await admin.describeGroups([groupId]);
    if (groups[0]?.state === 'Stable') break;
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`aggregator group ${groupId} not stable (${groups[0]?.state ?? 'none'})`);
    await sleep(250);
  }
  return {
    child,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, sleep(20_000).then(() => child.kill('SIGKILL'))]);
    },
  };
}

/** Events applied to Redis from `topic`: the sum of the stored next offsets (a fresh topic starts at 0). */
export async function appliedCount(redis: Redis, topic: string): Promise<number> {
  const stored = await redis.hgetall(AGG_STATE.offsets(topic));
  let sum = 0;
  for (const [field, value] of Object.entries(stored)) if (/^\d+$/.test(field)) sum += Number(value);
  return sum;
}

/** Result of {@link measureThroughput}. */
export interface ThroughputResult {
  readonly events: number;
  /** Loadgen → Kafka: acknowledged events / send time. */
  readonly publishRate: number;
  readonly publishSeconds: number;
  /** Kafka → Redis while loadgen was sending (slope of applied events between 20 % and 100 % of the send). */
  readonly applyRateUnderLoad: number;
  /** From the first event sent to the last event applied. */
  readonly endToEndSeconds: number;
  /** Events / end-to-end seconds: the sustained rate of the whole path. */
  readonly endToEndRate: number;
  /** Events applied behind the publisher when sending ended. */
  readonly lagAtEnd: number;
  readonly dropped: number;
  /** CPU microseconds per event of each process, from first event sent to last applied. */
  readonly cpuUsPerEvent: Readonly<Record<string, number>>;
  /** Busy share of the whole machine (all cores, everything running on it) over the same time, 0 … 1. */
  readonly machineBusy: number;
}

/**
 * Sends `events` as fast as possible and waits until Redis has them all.
 * @param pids processes whose CPU time to account (e.g. loadgen, aggregator, kafka, redis)
 */
export async function measureThroughput(kafka: KafkaStore, redis: Redis, topic: string, events: number, pids: ReadonlyMap<string, number>, log: (line: string) => void): Promise<ThroughputResult> {
  const base = await appliedCount(redis, topic);
  const meter = new CpuMeter(pids);
  meter.begin();
  const samples: { t: number; applied: number }[] = [];
  const t0 = performance.now();
  let sending = true;
  const sampler = (async () => {
    while (sending) {
      samples.push({ t: performance.now() - t0, applied: (await appliedCount(redis, topic)) - base });
      await sleep(1000);
    }
  })();
  const final: LoadgenReport = await runLoadgen(kafka.settings, {
    rate: 0,
    maxEvents: events,
    topic,
    seed: 42,
    clock: shiftedNow,
    reportEveryMs: 10_000,
    onReport: (r) => log(`  loadgen ${(r.elapsedMs / 1000).toFixed(0)}s: ${r.rate}/s, published ${r.published}, buffered ${r.buffered}, dropped ${r.dropped}`),
  });
  const sentAt = performance.now() - t0;
  sending = false;
  await sampler;
  const atSendEnd = (await appliedCount(redis, topic)) - base;
  const deadline = performance.now() + 300_000;
  let applied = atSendEnd;
  while (applied < final.published && performance.now() < deadline) {
    await sleep(100);
    applied = (await appliedCount(redis, topic)) - base;
  }
  const doneAt = performance.now() - t0;
  const cpu = meter.end();
  if (applied < final.published) log(`  WARNING: only ${applied} of ${final.published} applied after 5 min`);
  const from = samples.find((s) => s.t >= sentAt * 0.2) ?? samples[0] ?? { t: 0, applied: 0 };
  const slope = sentAt > from.t ? ((atSendEnd - from.applied) * 1000) / (sentAt - from.t) : 0;
  return {
    events: final.published,
    publishRate: Math.round((final.published * 1000) / sentAt),
    publishSeconds: sentAt / 1000,
    applyRateUnderLoad: Math.round(slope),
    endToEndSeconds: doneAt / 1000,
    endToEndRate: Math.round((applied * 1000) / doneAt),
    lagAtEnd: final.published - atSendEnd,
    dropped: final.dropped,
    cpuUsPerEvent: Object.fromEntries([...cpu.perProcess].map(([name, ms]) => [name, Math.round((ms * 10_000) / Math.max(1, applied)) / 10])),
    machineBusy: cpu.machineMs / (cpu.wallMs * os.cpus().length),
  };
}

/** Result of {@link measureFreshness}. */
export interface FreshnessResult {
  readonly rate: number;
  readonly achievedRate: number;
  readonly dropped: number;
  readonly probes: number;
  readonly seen: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/**
 * Runs loadgen at `rate` for `seconds` with probes and reports event-time → Redis freshness.
 * @param tag makes the probe words unique: never reuse one on the same topic and day
 */
export async function measureFreshness(kafka: KafkaStore, redis: Redis, topic: string, tag: string, rate: number, seconds: number, probeEvery: number): Promise<FreshnessResult> {
  const outstanding = new Map<string, { eventMs: number; key: string }>();
  const latencies: number[] = [];
  let probes = 0;
  let polling = true;
  let giveUpAt = Infinity;
  const poller = (async () => {
    while (polling || (outstanding.size > 0 && Date.now() < giveUpAt)) {
      const entries = [...outstanding];
      if (entries.length > 0) {
        const pipeline = redis.pipeline();
        for (const [word, p] of entries) pipeline.zscore(p.key, word);
        const replies = (await pipeline.exec()) ?? [];
        const now = Date.now();
        entries.forEach(([word, p], i) => {
          const score = replies[i]?.[1];
          if (score !== null && score !== undefined) {
            latencies.push(now - (p.eventMs + SHIFT_MS));
            outstanding.delete(word);
          }
        });
      }
      await sleep(10);
    }
  })();
  const tap = (event: LogEvent, index: number): LogEvent => {
    if (index % probeEvery !== 0) return event;
    const word = `p${tag}-${probes++}`;
    const eventMs = Date.parse(event.time);
    const day = new Date(eventMs + 9 * 3_600_000).toISOString().slice(0, 10);
    outstanding.set(word, { eventMs, key: searchRankKey(day, { kind: 'all' }) });
    return { ...event, type: 'search', page: '/nolabel', data: { word } };
  };
  const final = await runLoadgen(kafka.settings, { rate, durationMs: seconds * 1000, topic, seed: 7, clock: shiftedNow, tap, reportEveryMs: 3_600_000 });
  // Sending is over: stragglers get 30 s.
  giveUpAt = Date.now() + 30_000;
  polling = false;
  await poller;
  const seen = latencies.length;
  const sorted = [...latencies].sort((a, b) => a - b);
  return { rate, achievedRate: final.averageRate, dropped: final.dropped, probes, seen, p50Ms: percentile(sorted, 50), p99Ms: percentile(sorted, 99), maxMs: sorted[sorted.length - 1] ?? NaN };
}

/** Deletes the benchmark's Redis keys: the shifted day's aggregates, rankings, de-duplication sets and stats. */
export async function cleanupShiftedDay(redis: Redis, topic: string, days: readonly string[]): Promise<number> {
  let deleted = 0;
  for (const day of new Set(days)) {
    for (const pattern of [`agg:1m:${day}T*`, `agg:5m:${day}T*`, `agg:1h:${day}T*`, `agg:1d:${day}`, `agg:seen:${day}T*`, `agg:product:${day}*`, `rank:search:${day}:*`, `rank:search:m:${day}T*`]) {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
        cursor = next;
        if (keys.length > 0) deleted += await redis.del(...keys);
      } while (cursor !== '0');
    }
    await redis.hdel(AGG_STATE.stats, `events:${day}`, `late:${day}`);
  }
  await redis.del(AGG_STATE.offsets(topic));
  return deleted;
}
