/**
 * Activity of `logs_daily_batch`: the run's day of product-click aggregates, Redis → `logs.aggregates`.
 */
import { seoulDate } from '../../domain/age-band';
import { TOPICS } from '../../infra/contracts';
import type { Stores } from '../../infra/stores';
import type { TaskInvocation } from '../../workflows/dag/task-context';
import type { OffsetRange } from './offset-ranges';
import { productKey } from './plan-batch';
import { productClicksMessages, productMinPriceKey, toProductClicksOutgoing } from './product-clicks';
import { publishTracked } from './publish-tracked';

/** Output of `publishProductClicks`. */
export interface PublishedProductClicks {
  /** The Korea-time day published (the start of the run's data interval). */
  readonly day: string;
  /** `<run id>#<try>`, carried by every message. */
  readonly batch: string;
  /** Messages published (product × volume × gender × age band). */
  readonly messages: number;
  /** Clicks in them. */
  readonly clicks: number;
  /** Hash fields that could not be parsed (left out). */
  readonly skipped: number;
  /** Where the messages landed on `logs.aggregates`. */
  readonly ranges: OffsetRange[];
}

/** The daily-batch activity, bound to the worker's stores. */
export function createDailyBatchActivities(stores: Stores) {
  return {
    /** Publishes the product-click aggregates of the run's day (count and lowest unit price per group). */
    async publishProductClicks(input: TaskInvocation<Record<string, never>>): Promise<PublishedProductClicks> {
      const day = seoulDate(new Date(input.ctx.dataInterval.start));
      const batch = `${input.ctx.runId}#${input.ctx.tryNumber}`;
      const [counts, minPrices] = await Promise.all([stores.redis.redis.hgetall(productKey(day)), stores.redis.redis.hgetall(productMinPriceKey(day))]);
      const { messages, skipped } = productClicksMessages(day, counts, minPrices, batch);
      const ranges = await publishTracked(stores.kafka, TOPICS.logsAggregates, messages.map(toProductClicksOutgoing));
      return { day, batch, messages: messages.length, clicks: messages.reduce((n, m) => n + m.count, 0), skipped: skipped.length, ranges };
    },
  };
}
