/**
 * The aggregator as a long-running Temporal activity: it heartbeats its progress (so a killed worker is
 * noticed within the heartbeat timeout and the job restarts on another worker), stops when cancelled, and
 * returns after `maxRunMs` so its workflow can continue-as-new and keep its history short.
 */
import { Context } from '@temporalio/activity';
import type { Stores } from '../../infra/stores';
import { runAggregator, type AggregatorProgress } from './aggregator';

/** Input of `runLogAggregator`. */
export interface RunLogAggregatorInput {
  /** Topic (default `logs.raw`). */
  readonly topic?: string;
  /** Consumer group (default `ciao-aggregator`). */
  readonly groupId?: string;
  /** Return after this long (ms), so the supervisor can continue-as-new (default 1 h). */
  readonly maxRunMs?: number;
  /** Task queue of the activity (default `streaming`): the workers that poll it run the aggregator. */
  readonly taskQueue?: string;
}

/** The aggregator activity, bound to the worker's stores. */
export function createLogActivities(stores: Stores) {
  return {
    async runLogAggregator(input: RunLogAggregatorInput): Promise<AggregatorProgress> {
      const ctx = Context.current();
      const stop = new AbortController();
      const timer = setTimeout(() => stop.abort(), input.maxRunMs ?? 3_600_000);
      ctx.cancellationSignal.addEventListener('abort', () => stop.abort(), { once: true });
      let last: AggregatorProgress = { applied: 0, late: 0, duplicates: 0, dlq: 0, offsets: {} };
      // Heartbeat on a clock too: an idle topic must not look like a dead worker.
      const beat = setInterval(() => ctx.heartbeat(last), 2000);
      try {
        return await runAggregator(stores.kafka, stores.redis, {
          ...(input.topic ? { topic: input.topic } : {}),
          ...(input.groupId ? { groupId: input.groupId } : {}),
          signal: stop.signal,
          onProgress: (p) => {
            last = p;
          },
        });
      } finally {
        clearTimeout(timer);
        clearInterval(beat);
      }
    },
  };
}
