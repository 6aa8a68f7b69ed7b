/**
 * Task execution for `runDag`: a task's activity called with the runner's own retries (each try, wait and
 * error recorded on the task, as Airflow's try numbers are), mapped tasks fanned out with a concurrency
 * bound, sensors poked until done or timed out, and the asset events of a task's outlets. Workflow code: it
 * schedules activities, so it runs inside the workflow sandbox.
 */
import { ActivityFailure, ApplicationFailure, TimeoutFailure, isCancellation, proxyActivities, sleep } from '@temporalio/workflow';
import type { Activities } from '../../activities';
import { toMs } from './durations';
import { nextRetryWaitMs } from './retry-plan';
import type { MappedItemState } from './run-state';
import type { TaskSlot } from './run-slots';
import type { DagSpec, RetrySpec, TaskSpec } from './spec';
import type { SensorResult, TaskContext, TaskInvocation } from './task-context';
import type { TaskState } from './trigger-rules';
import type { RunDagInput } from './run-dag';
import { assertXcomSize, resolveRef } from './xcom';

/** Where an attempt's count, state, note and error are recorded: a task, or one item of a mapped task. */
export interface AttemptTarget {
  /** Counts one more attempt. @returns its try number */
  countAttempt(): number;
  update(change: { state?: TaskState; note?: string; error?: string }): void;
}

/** A task attempt failed for good: `message` says why. */
export class TaskFailed extends Error {}

/** Activities by name, as a DAG task calls them. */
export type ActivityProxy = Record<string, (input: unknown) => Promise<unknown>>;

/** The activity that records asset events (activities/dags/asset-events.ts), with retries of its own. */
const assetActivities = proxyActivities<Pick<Activities, 'emitAssetEvents'>>({ startToCloseTimeout: '1 minute', retry: { maximumAttempts: 5, initialInterval: '1s', maximumInterval: '30s' } });

/** What task execution needs to know about the run. */
export interface ExecutionContext {
  readonly dag: DagSpec;
  readonly runId: string;
  readonly input: RunDagInput;
  /** Largest output a task may pass on, in bytes. */
  readonly xcomLimit: number;
  /** The outputs of the tasks finished so far (for mapped tasks' lists). */
  readonly outputs: () => Map<string, unknown>;
}

/** The ways to run a task of the run in `ctx`. */
export interface TaskExecution {
  /** A plain task: one call with retries. */
  readonly runPlain: (slot: TaskSlot, args: unknown) => Promise<unknown>;
  /** A mapped task: one call per item; undefined for an empty list (the task is then skipped). */
  readonly runMapped: (slot: TaskSlot, args: unknown) => Promise<unknown[] | undefined>;
  /** A sensor: pokes until done; `skipped` after a soft-failed timeout. */
  readonly runSensor: (slot: TaskSlot, args: unknown) => Promise<{ skipped: boolean; value?: unknown }>;
  /** Records the asset events of the task's outlets (which starts the DAGs waiting on them). */
  readonly emitOutlets: (slot: TaskSlot) => Promise<void>;
}

/** Task execution for the run in `ctx`. */
export function createTaskExecution(ctx: ExecutionContext): TaskExecution {
  const contextOf = (slot: TaskSlot, mapIndex?: number): TaskContext => ({
    dagId: ctx.dag.id,
    runId: ctx.runId,
    taskId: mapIndex === undefined ? slot.spec.id : `${slot.spec.id}[${mapIndex}]`,
    logicalDate: ctx.input.logicalDate,
    dataInterval: ctx.input.dataInterval,
    params: ctx.input.params,
    tryNumber: slot.attempts,
    ...(mapIndex === undefined ? {} : { mapIndex }),
  });

  const proxyFor = (spec: TaskSpec): ActivityProxy => {
    const timeouts = { ...ctx.dag.defaults.timeouts, ...spec.timeouts };
    return proxyActivities<ActivityProxy>({
      taskQueue: spec.taskQueue ?? ctx.dag.defaults.taskQueue,
      startToCloseTimeout: toMs(timeouts.startToClose, 600_000),
      ...(timeouts.heartbeat !== undefined ? { heartbeatTimeout: toMs(timeouts.heartbeat, 60_000) } : {}),
      // Retries are the runner's: each attempt is visible in the state and counted as a try number.
      retry: { maximumAttempts: 1 },
    });
  };

  /** Calls the task's activity with retries, recording each attempt on `target` (the task or a mapped item). */
  const attempt = async (slot: TaskSlot, args: unknown, target: AttemptTarget, mapIndex?: number): Promise<unknown> => {
    const retry: RetrySpec = { ...ctx.dag.defaults.retry, ...slot.spec.retry };
    const act = proxyFor(slot.spec)[slot.spec.activity];
    if (!act) throw new TaskFailed(`no activity "${slot.spec.activity}"`);
    const firstTryAt = Date.now();
    for (let round = 1; ; round++) {
      const tryNumber = target.countAttempt();
      target.update({ state: 'running' });
      const invocation: TaskInvocation<unknown> = { args, ctx: { ...contextOf(slot, mapIndex), tryNumber } };
      try {
        const out = await act(invocation);
        try {
          assertXcomSize(invocation.ctx.taskId, out, ctx.xcomLimit);
        } catch (err) {
          throw new TaskFailed(`${(err as Error).message} [XcomTooLarge]`);
        }
        return out;
      } catch (err) {
        if (err instanceof TaskFailed || isCancellation(err)) throw err;
        const failure = describeFailure(err, retry);
        target.update({ error: failure.message });
        const wait = failure.nonRetryable ? undefined : nextRetryWaitMs(retry, { failedTries: round, elapsedMs: Date.now() - firstTryAt });
        if (wait === undefined) throw new TaskFailed(round > 1 ? `${failure.message} (after ${round} tries in ${formatWait(Date.now() - firstTryAt)})` : failure.message);
        const of = retry.attempts !== undefined ? ` of ${retry.attempts}` : '';
        target.update({ state: 'up_for_retry', note: `try ${round}${of} failed; retrying in ${formatWait(wait)}` });
        await sleep(wait);
      }
    }
  };

  /** Attempts of a plain task or a sensor are the task's own. */
  const slotTarget = (slot: TaskSlot): AttemptTarget => ({
    countAttempt: () => ++slot.attempts,
    update: (change) => Object.assign(slot, change),
  });

  const runPlain = async (slot: TaskSlot, args: unknown): Promise<unknown> => attempt(slot, args, slotTarget(slot));

  const runMapped = async (slot: TaskSlot, args: unknown): Promise<unknown[] | undefined> => {
    const spec = slot.spec.map;
    if (!spec) throw new TaskFailed('map task without "over"');
    const items = resolveRef(spec.over, ctx.outputs());
    if (!Array.isArray(items)) throw new TaskFailed(`maps over "${spec.over.$xcom}${spec.over.path ? `.${spec.over.path}` : ''}", which is not a list`);
    if (items.length > spec.maxItems) throw new TaskFailed(`maps over ${items.length} items; the limit is ${spec.maxItems} [DagInvalid]`);
    if (items.length === 0) return undefined; // Airflow: a zero-length map is skipped
    slot.attempts += 1;
    const mapped: MappedItemState[] = items.map((_, index) => ({ index, state: 'none', attempts: 0 }));
    slot.mapped = mapped;
    const results: unknown[] = new Array<unknown>(items.length);
    const failures: string[] = [];
    let next = 0;
    const lane = async (): Promise<void> => {
      while (next < items.length) {
        const index = next++;
        let item: MappedItemState = { index, state: 'none', attempts: 0 };
        const target: AttemptTarget = {
          countAttempt: () => {
            item = { ...item, attempts: item.attempts + 1 };
            mapped[index] = item;
            return item.attempts;
          },
          update: (change) => {
            item = { ...item, ...(change.state ? { state: change.state } : {}), ...(change.error ? { error: change.error } : {}) };
            mapped[index] = item;
          },
        };
        try {
          results[index] = await attempt(slot, { ...(args as object), item: items[index] as unknown }, target, index);
          target.update({ state: 'success' });
        } catch (err) {
          if (isCancellation(err)) throw err;
          target.update({ state: 'failed', error: (err as Error).message });
          failures.push(`[${index}] ${(err as Error).message}`);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(spec.concurrency, items.length) }, lane));
    if (failures.length > 0) throw new TaskFailed(`${failures.length} of ${items.length} mapped items failed: ${failures.slice(0, 3).join('; ')}`);
    return results;
  };

  const runSensor = async (slot: TaskSlot, args: unknown): Promise<{ skipped: boolean; value?: unknown }> => {
    const spec = slot.spec.sensor;
    if (!spec) throw new TaskFailed('sensor without poke settings');
    const deadline = Date.now() + toMs(spec.timeout, 3_600_000);
    const interval = toMs(spec.pokeInterval, 30_000);
    for (let poke = 1; ; poke++) {
      const res = (await attempt(slot, args, slotTarget(slot))) as SensorResult | undefined;
      if (res?.done) return { skipped: false, value: res.value };
      if (Date.now() + interval > deadline) {
        const why = `sensor timed out after ${poke} pokes${res?.detail ? ` (last: ${res.detail})` : ''}`;
        if (spec.softFail) {
          slot.note = `${why}; soft fail → skipped`;
          return { skipped: true };
        }
        throw new TaskFailed(why);
      }
      slot.state = 'up_for_reschedule';
      slot.note = `poke ${poke}: ${res?.detail ?? 'not yet'}; next in ${Math.round(interval / 1000)}s`;
      await sleep(interval);
    }
  };

  /** Records the asset events of a task that produced its outlets, which starts the DAGs waiting on them. */
  const emitOutlets = async (slot: TaskSlot): Promise<void> => {
    try {
      const out = await assetActivities.emitAssetEvents({ assets: slot.spec.outlets ?? [], dagId: ctx.dag.id, runId: ctx.runId, taskId: slot.spec.id, tryNumber: slot.attempts });
      const parts = [`produced ${(slot.spec.outlets ?? []).join(', ')}`];
      if (out.triggered.length) parts.push(`started ${out.triggered.join(', ')}`);
      slot.note = parts.join('; ');
    } catch (err) {
      if (isCancellation(err)) throw err;
      throw new TaskFailed(`the task's work is done but its asset events could not be recorded: ${(err as Error).message}`);
    }
  };


  return { runPlain, runMapped, runSensor, emitOutlets };
}

/** A wait as a person reads it: `45s`, `2m30s`. */
export function formatWait(ms: number): string {
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${s % 60 ? `${s % 60}s` : ''}`;
}

/** Message and retryability of an activity failure; error codes named in `retry.nonRetryable` fail at once. */
export function describeFailure(err: unknown, retry: RetrySpec): { message: string; nonRetryable: boolean } {
  if (err instanceof ActivityFailure) {
    const cause = err.cause;
    if (cause instanceof ApplicationFailure) {
      const code = cause.type ?? 'Error';
      return { message: `${cause.message} [${code}]`, nonRetryable: cause.nonRetryable || (retry.nonRetryable ?? []).includes(code) };
    }
    if (cause instanceof TimeoutFailure) return { message: `timed out (${cause.timeoutType ?? 'timeout'})`, nonRetryable: false };
    return { message: cause?.message ?? err.message, nonRetryable: false };
  }
  return { message: err instanceof Error ? err.message : String(err), nonRetryable: false };
}

