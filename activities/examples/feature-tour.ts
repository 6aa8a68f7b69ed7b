/**
 * Activities of the `example_features` DAG, which shows every feature of the DAG layer on real servers:
 * a list fanned out with a bound, a sensor, a task that succeeds on retry, and a gate that fails for good
 * until someone fixes its cause in Redis — then `ciao dags clear` reruns it and its downstream.
 */
import type { RedisStore } from '../../infra/redis';
import type { SensorResult, TaskInvocation } from '../../workflows/dag/task-context';

/** Redis key whose presence "fixes" the gate of one run. */
export function exampleGateKey(runId: string): string {
  return `ciao:example:fixed:${runId}`;
}

/** The example activities, bound to Redis. */
export function createFeatureTourActivities(redis: RedisStore) {
  return {
    /** Lists `count` items to fan out over. */
    exampleListItems(input: TaskInvocation<{ count: number }>): Promise<{ items: string[] }> {
      return Promise.resolve({ items: Array.from({ length: input.args.count }, (_, i) => `item-${i}`) });
    },

    /** Processes one mapped item. */
    exampleProcessItem(input: TaskInvocation<{ item: string; suffix: string }>): Promise<{ item: string; length: number }> {
      const value = `${input.args.item}${input.args.suffix}`;
      return Promise.resolve({ item: value, length: value.length });
    },

    /** A sensor that is satisfied on its `readyAfterPokes`-th poke. */
    exampleWaitReady(input: TaskInvocation<{ readyAfterPokes: number }>): Promise<SensorResult<{ pokes: number }>> {
      const pokes = input.ctx.tryNumber;
      return Promise.resolve(pokes >= input.args.readyAfterPokes ? { done: true, value: { pokes } } : { done: false, detail: `${pokes} of ${input.args.readyAfterPokes} pokes` });
    },

    /** Fails on its first `failTimes` attempts, then succeeds: shows retries. */
    exampleFlaky(input: TaskInvocation<{ failTimes: number }>): Promise<{ succeededOnTry: number }> {
      if (input.ctx.tryNumber <= input.args.failTimes) return Promise.reject(new Error(`simulated failure on try ${input.ctx.tryNumber}`));
      return Promise.resolve({ succeededOnTry: input.ctx.tryNumber });
    },

    /** Fails until the run's gate key exists in Redis (the "fix"): shows failure, callbacks and clear. */
    async exampleGate(input: TaskInvocation<{ required: boolean }>): Promise<{ fixedBy: string | null }> {
      if (!input.args.required) return { fixedBy: null };
      const fixedBy = await redis.redis.get(exampleGateKey(input.ctx.runId));
      if (!fixedBy) throw new Error(`gate closed: set ${exampleGateKey(input.ctx.runId)} to open it`);
      return { fixedBy };
    },

    /** Sums what the mapped items produced. */
    exampleSummarize(input: TaskInvocation<{ processed: { item: string; length: number }[] }>): Promise<{ items: number; totalLength: number }> {
      const processed = input.args.processed;
      return Promise.resolve({ items: processed.length, totalLength: processed.reduce((n, p) => n + p.length, 0) });
    },

    /** Runs whatever happened upstream (trigger rule all_done). */
    exampleCleanup(input: TaskInvocation<Record<string, never>>): Promise<{ cleanedAt: string }> {
      return Promise.resolve({ cleanedAt: input.ctx.logicalDate });
    },
  };
}
