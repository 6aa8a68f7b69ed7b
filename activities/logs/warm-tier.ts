/**
 * Activities of `logs_warm_tier`: the run's day of hot aggregates goes Redis → `logs.aggregates` → MongoDB
 * `logs_daily` (read back from Kafka by the offsets the publish returned, so the warm tier holds what the
 * topic carries), then days older than the retention are deleted.
 */
import { seoulDate } from '../../domain/age-band';
import { parseAggregateMessage, dailyAggregateKey, type DailyAggregateMessage } from '../../domain/aggregate-messages';
import { InfraError } from '../../domain/errors';
import { COLLECTIONS, TOPICS, aggKey, searchRankKey } from '../../infra/contracts';
import type { Stores } from '../../infra/stores';
import type { TaskInvocation } from '../../workflows/dag/task-context';
import { dailyCountMessages, dailyRankingMessage, rankDimensions, toWarmTierDocument, type WarmTierDocument } from './daily-aggregates';
import type { OffsetRange } from './offset-ranges';
import { publishTracked } from './publish-tracked';
import { readOffsetRanges } from './read-offset-ranges';
import { retentionCutoff } from './retention';

/** Output of `publishDailyAggregates`. */
export interface PublishedDailyAggregates {
  /** The Korea-time day published (the start of the run's data interval). */
  readonly day: string;
  /** `<run id>#<try>`, carried by every message. */
  readonly batch: string;
  /** Count records (fields of `agg:1d:<day>`). */
  readonly counts: number;
  /** Ranking records (non-empty dimensions). */
  readonly rankings: number;
  /** Hash fields that could not be parsed (left out). */
  readonly skipped: number;
  /** Where the messages landed on `logs.aggregates`. */
  readonly ranges: OffsetRange[];
}

/** Output of `loadWarmTier`. */
export interface LoadedWarmTier {
  readonly day: string;
  /** Documents written (inserted or replaced). */
  readonly upserted: number;
  /** Documents of the day left by an earlier load and absent now. */
  readonly removedStale: number;
  /** Why nothing was loaded, when nothing was. */
  readonly note?: string;
}

/** Output of `applyWarmRetention`. */
export interface WarmRetention {
  readonly day: string;
  /** Oldest day kept. */
  readonly cutoff: string;
  readonly deleted: number;
  /** The days left in the warm tier, oldest first. */
  readonly days: string[];
}

/** The warm-tier activities, bound to the worker's stores. */
export function createWarmTierActivities(stores: Stores) {
  const collection = () => stores.mongo.db.collection<WarmTierDocument>(COLLECTIONS.logsDaily);
  return {
    /** Publishes the day's counters and search-word rankings (top `topWords` per dimension). */
    async publishDailyAggregates(input: TaskInvocation<{ topWords: number }>): Promise<PublishedDailyAggregates> {
      const day = seoulDate(new Date(input.ctx.dataInterval.start));
      const batch = `${input.ctx.runId}#${input.ctx.tryNumber}`;
      const redis = stores.redis.redis;
      const counts = dailyCountMessages(day, await redis.hgetall(aggKey('1d', day)), batch);
      const dims = rankDimensions();
      const pipeline = redis.pipeline();
      for (const dim of dims) pipeline.zrange(searchRankKey(day, dim), 0, input.args.topWords - 1, 'REV', 'WITHSCORES');
      const replies = (await pipeline.exec()) ?? [];
      const rankings = dims.flatMap((dim, i) => {
        const [err, value] = replies[i] ?? [null, []];
        if (err) throw err;
        const message = dailyRankingMessage(day, dim, value as string[], batch);
        return message ? [message] : [];
      });
      const messages: DailyAggregateMessage[] = [...counts.messages, ...rankings];
      const ranges = await publishTracked(
        stores.kafka,
        TOPICS.logsAggregates,
        messages.map((m) => ({ key: dailyAggregateKey(m), value: JSON.stringify(m), headers: { kind: m.kind, batch } })),
      );
      return { day, batch, counts: counts.messages.length, rankings: rankings.length, skipped: counts.skipped.length, ranges };
    },

    /**
     * Reads back exactly what the publish wrote and upserts it into `logs_daily` by day + metric + dimensions;
     * documents of the day from an earlier load that this one did not write are removed, so a rerun replaces
     * the day. A day without hot aggregates (Redis keeps them 48 h) leaves MongoDB alone.
     */
    async loadWarmTier(input: TaskInvocation<{ published: PublishedDailyAggregates }>): Promise<LoadedWarmTier> {
      const { day, batch, ranges, counts, rankings } = input.args.published;
      const expected = counts + rankings;
      if (expected === 0) return { day, upserted: 0, removedStale: 0, note: `no hot aggregates for ${day} in Redis: the warm tier is left as it is` };
      const loadedAt = new Date();
      const docs: WarmTierDocument[] = [];
      await readOffsetRanges(stores.kafka, TOPICS.logsAggregates, ranges, (partition, message) => {
        const parsed = parseAggregateMessage(message.value ?? '');
        if (!parsed.ok) throw new InfraError('ValidationFailed', `logs.aggregates ${partition}/${message.offset}: ${parsed.errors.join('; ')}`, { partition, offset: message.offset });
        const m = parsed.message;
        if (m.kind !== 'daily_aggregates' || m.day !== day || m.batch !== batch) {
          throw new InfraError('Conflict', `logs.aggregates ${partition}/${message.offset} is not of batch ${batch}: the published offsets no longer hold what was published`, { partition, offset: message.offset });
        }
        docs.push(toWarmTierDocument(m, loadedAt));
      });
      if (docs.length !== expected) throw new InfraError('Conflict', `read back ${docs.length} of the ${expected} published records of ${day}`, { day, batch });
      const col = collection();
      let upserted = 0;
      for (let i = 0; i < docs.length; i += 500) {
        const chunk = docs.slice(i, i + 500);
        const res = await col.bulkWrite(chunk.map((doc) => ({ replaceOne: { filter: { _id: doc._id }, replacement: doc, upsert: true } })), { ordered: false });
        upserted += res.upsertedCount + res.matchedCount;
      }
      // Distributions (`kind` dwell / price_clicks) are the `dwell_times` task's: it replaces them itself.
      const stale = await col.deleteMany({ date: day, batch: { $ne: batch }, kind: { $exists: false } });
      return { day, upserted, removedStale: stale.deletedCount };
    },

    /** Deletes the days before the retention: `keepDays` days stay, the run's day included. */
    async applyWarmRetention(input: TaskInvocation<{ keepDays: number }>): Promise<WarmRetention> {
      const day = seoulDate(new Date(input.ctx.dataInterval.start));
      const cutoff = retentionCutoff(day, input.args.keepDays);
      const col = collection();
      const res = await col.deleteMany({ date: { $lt: cutoff } });
      const days = (await col.distinct('date')).filter((d): d is string => typeof d === 'string').sort();
      return { day, cutoff, deleted: res.deletedCount, days };
    },
  };
}
