/**
 * Whether the real-time aggregator has counted everything of a day: the nightly DAGs that read its Redis
 * aggregates (`logs_daily_batch`, `logs_warm_tier`) wait for this before they publish a day, so events that
 * were still in Kafka at midnight are not left out of the day's totals.
 *
 * A partition of `logs.raw` is past the day when its watermark (the latest event time the aggregator has
 * seen there) is at or after the day's end plus the aggregator's allowed lateness, or — once that moment has
 * passed — when the aggregator has read everything the partition holds (nothing of the day can still be
 * unread; a quiet partition's watermark never moves).
 */
import { seoulDate, seoulIsoSeconds } from '../../domain/korea-time';
import { AGG_STATE, TOPICS } from '../../infra/contracts';
import type { Stores } from '../../infra/stores';
import type { SensorResult, TaskInvocation } from '../../workflows/dag/task-context';

/** One partition: what Kafka holds and what the aggregator has stored. */
export interface PartitionProgress {
  readonly partition: number;
  /** Kafka's first and next offsets of the partition. */
  readonly low: number;
  readonly high: number;
  /** The aggregator's next offset and watermark (epoch ms), if it has read the partition. */
  readonly nextOffset?: number;
  readonly watermark?: number;
}

/**
 * The partitions that are not past `untilMs` yet, seen at `nowMs` (empty: the aggregator is past it
 * everywhere). Before `untilMs` a caught-up partition still counts as behind: more of the day may come.
 */
export function partitionsBehind(partitions: readonly PartitionProgress[], untilMs: number, nowMs: number): PartitionProgress[] {
  return partitions.filter((p) => {
    if (nowMs >= untilMs && p.high <= p.low) return false; // nothing to read
    if (nowMs >= untilMs && p.nextOffset !== undefined && p.nextOffset >= p.high) return false; // caught up
    return p.watermark === undefined || p.watermark < untilMs;
  });
}

/** Reads each partition's offsets from Kafka and the aggregator's stored progress from Redis, by partition. */
export async function aggregatorProgress(stores: Stores, topic: string): Promise<PartitionProgress[]> {
  const [offsets, stored] = await Promise.all([(await stores.kafka.admin()).fetchTopicOffsets(topic), stores.redis.redis.hgetall(AGG_STATE.offsets(topic))]);
  const number = (v: string | undefined): number | undefined => (v === undefined || !Number.isFinite(Number(v)) ? undefined : Number(v));
  return [...offsets].sort((a, b) => a.partition - b.partition).map((o) => ({
    partition: o.partition,
    low: Number(o.low),
    high: Number(o.high),
    nextOffset: number(stored[String(o.partition)]),
    watermark: number(stored[`${o.partition}:wm`]),
  }));
}

/** The end of Korea-time day `day` (`YYYY-MM-DD`), epoch ms. */
function endOfSeoulDay(day: string): number {
  return Date.parse(`${day}T00:00:00+09:00`) + 86_400_000;
}

/** Arguments of the sensor. */
export interface AggregatedDayArgs {
  /** The aggregator's allowed lateness, in minutes: the watermark must pass the day's end by this much. */
  readonly lateMinutes: number;
  /** False skips the wait (for re-running old days whose events are no longer in Kafka). */
  readonly wait: boolean;
}

/** The sensor activity, bound to the worker's stores. */
export function createAggregatorProgressActivities(stores: Stores) {
  return {
    /** Sensor: done once the aggregator has counted the run's Korea-time day on every `logs.raw` partition. */
    async logsDayAggregated(input: TaskInvocation<AggregatedDayArgs>): Promise<SensorResult<{ day: string; waited: boolean }>> {
      const day = seoulDate(new Date(input.ctx.dataInterval.start));
      if (!input.args.wait) return { done: true, value: { day, waited: false } };
      const untilMs = endOfSeoulDay(day) + input.args.lateMinutes * 60_000;
      if (Date.now() < untilMs) return { done: false, detail: `${day} and the aggregator's ${input.args.lateMinutes} min of allowed lateness end at ${seoulIsoSeconds(new Date(untilMs))}` };
      const behind = partitionsBehind(await aggregatorProgress(stores, TOPICS.logsRaw), untilMs, Date.now());
      if (behind.length === 0) return { done: true, value: { day, waited: true } };
      const describe = (p: PartitionProgress): string =>
        `partition ${p.partition}: ${p.high - (p.nextOffset ?? p.low)} unread, watermark ${p.watermark === undefined ? 'none' : seoulIsoSeconds(new Date(p.watermark))}`;
      return { done: false, detail: `the aggregator has not passed ${day} yet (${behind.map(describe).join('; ')}); is stream:logs-aggregator running?` };
    },
  };
}
