/**
 * `runDag`: the one generic workflow that runs any validated DAG.
 *
 * It walks the graph in dependency order, decides each task by its trigger rule, runs ready tasks as
 * activities (by name, with the task's timeouts), retries them itself — so every attempt, wait and error is
 * visible in the `state` query, as Airflow's try numbers are — passes upstream outputs (XCom) to downstream
 * arguments, fans out mapped tasks with a concurrency bound, pokes sensors, and propagates skipped /
 * upstream_failed. The run fails, as in Airflow, when a leaf task ends failed or upstream_failed; the failure
 * carries the final state so `ciao dags clear` can start a new run that reuses what succeeded.
 */
import {
  ActivityFailure,
  ApplicationFailure,
  TimeoutFailure,
  condition,
  defineQuery,
  defineSignal,
  isCancellation,
  log,
  proxyActivities,
  setHandler,
  sleep,
} from '@temporalio/workflow';
import type { Activities } from '../../activities';
import { isCiaoError } from '../../domain/errors';
import { toMs } from './durations';
import { nextRetryWaitMs } from './retry-plan';
import type { MappedItemState, RunResult, RunState, RunStatus, TaskRunState } from './run-state';
import type { DagSpec, RetrySpec, TaskSpec } from './spec';
import type { DataInterval, FailureNotice, SensorResult, TaskContext, TaskInvocation } from './task-context';
import { FINISHED_STATES, evaluateSetupConstraint, evaluateTriggerRule, type TaskState, type TriggerDecision } from './trigger-rules';
import { topologicalOrder } from './graph';
import { indirectSetupsOf, outcomeTasks, tasksToClear } from './setup-teardown';
import { DEFAULT_XCOM_LIMIT_BYTES, assertXcomSize, resolveRef, resolveXcoms } from './xcom';

/** Input of {@link runDag}. */
export interface RunDagInput {
  /** A snapshot of the DAG, so the run replays the same graph even after the code changes. */
  readonly dag: DagSpec;
  readonly logicalDate: string;
  readonly dataInterval: DataInterval;
  /** Validated params (defaults merged). */
  readonly params: Readonly<Record<string, unknown>>;
  /** Tasks that succeeded in an earlier run of the same logical date, with their outputs (clear). */
  readonly reuse?: Readonly<Record<string, { readonly output: unknown; readonly attempts: number }>>;
  /** Attempts made by earlier runs of the same logical date, so try numbers keep counting (clear). */
  readonly priorAttempts?: Readonly<Record<string, number>>;
  /** Largest output a task may pass on (default 256 KiB). */
  readonly xcomLimitBytes?: number;
}

/** What to rerun in an open run. */
export interface ClearRequest {
  /** Tasks to rerun (default: every failed or upstream_failed task); their downstream tasks rerun too. */
  readonly taskIds?: readonly string[];
}

/** Live state of the run. */
export const stateQuery = defineQuery<RunState>('state');
/** Reruns failed tasks (and what depends on them) of a run that is still open. */
export const clearSignal = defineSignal<[ClearRequest]>('clear');

interface Slot {
  readonly spec: TaskSpec;
  state: TaskState;
  attempts: number;
  startedAt?: string;
  endedAt?: string;
  error?: string;
  note?: string;
  reused?: boolean;
  mapped?: MappedItemState[];
  hasOutput: boolean;
  output?: unknown;
}

/** Where an attempt's count, state, note and error are recorded: a task, or one item of a mapped task. */
interface AttemptTarget {
  /** Counts one more attempt. @returns its try number */
  countAttempt(): number;
  update(change: { state?: TaskState; note?: string; error?: string }): void;
}

/** A task attempt failed for good: `message` says why. */
class TaskFailed extends Error {}

type ActivityProxy = Record<string, (input: unknown) => Promise<unknown>>;

const nowIso = (): string => new Date().toISOString();

/** The activity that records asset events (activities/dags/asset-events.ts), with retries of its own. */
const assetActivities = proxyActivities<Pick<Activities, 'emitAssetEvents'>>({ startToCloseTimeout: '1 minute', retry: { maximumAttempts: 5, initialInterval: '1s', maximumInterval: '30s' } });

/** Runs the DAG in `input` to completion. @returns the final state and outputs; fails with them attached */
export async function runDag(input: RunDagInput): Promise<RunResult> {
  const { dag } = input;
  const runId = `dag:${dag.id}:${input.logicalDate}`;
  const startedAt = nowIso();
  const xcomLimit = input.xcomLimitBytes ?? DEFAULT_XCOM_LIMIT_BYTES;
  const order = topologicalOrder(dag.tasks);
  const slots = new Map<string, Slot>(dag.tasks.map((t) => [t.id, { spec: t, state: 'none', attempts: input.priorAttempts?.[t.id] ?? 0, hasOutput: false }]));
  const indirectSetups = indirectSetupsOf(dag.tasks);
  const stateOf = (id: string): TaskState => (slots.get(id) as Slot).state;
  /** The trigger decision of a task: its setup constraint first (a failed setup fails it), then its rule. */
  const decide = (spec: TaskSpec): TriggerDecision => {
    const setups = indirectSetups.get(spec.id);
    const constraint = setups ? evaluateSetupConstraint(setups.map(stateOf)) : 'run';
    if (constraint !== 'run') return constraint;
    return evaluateTriggerRule(spec.triggerRule, spec.upstream.map((u) => ({ state: stateOf(u), setup: slots.get(u)?.spec.role === 'setup' })));
  };

  for (const [taskId, prior] of Object.entries(input.reuse ?? {})) {
    const slot = slots.get(taskId);
    if (!slot) continue;
    Object.assign(slot, { state: 'success', reused: true, hasOutput: true, output: prior.output, attempts: prior.attempts, note: 'output reused from an earlier run' });
  }

  let status: RunStatus = 'running';
  let endedAt: string | undefined = undefined;
  let dirty = true;
  const active = new Set<string>();
  const outputs = (): Map<string, unknown> => new Map([...slots].filter(([, s]) => s.hasOutput).map(([id, s]) => [id, s.output]));

  const snapshot = (): RunState => ({
    dagId: dag.id,
    ...(dag.version ? { dagVersion: dag.version } : {}),
    runId,
    logicalDate: input.logicalDate,
    dataInterval: input.dataInterval,
    params: input.params,
    status,
    startedAt,
    ...(endedAt ? { endedAt } : {}),
    tasks: order.map((id): TaskRunState => {
      const s = slots.get(id) as Slot;
      return {
        taskId: id,
        state: s.state,
        attempts: s.attempts,
        ...(s.startedAt ? { startedAt: s.startedAt } : {}),
        ...(s.endedAt ? { endedAt: s.endedAt } : {}),
        ...(s.error ? { error: s.error } : {}),
        ...(s.note ? { note: s.note } : {}),
        ...(s.reused ? { reused: true } : {}),
        ...(s.mapped ? { mapped: s.mapped.map((m) => ({ ...m })) } : {}),
      };
    }),
  });

  setHandler(stateQuery, snapshot);
  setHandler(clearSignal, (req) => {
    const roots = req.taskIds?.length ? req.taskIds.filter((id) => slots.has(id)) : [...slots.values()].filter((s) => s.state === 'failed' || s.state === 'upstream_failed').map((s) => s.spec.id);
    const toClear = tasksToClear(dag.tasks, roots);
    for (const id of toClear) {
      const s = slots.get(id);
      if (!s || active.has(id) || !FINISHED_STATES.has(s.state)) continue;
      Object.assign(s, { state: 'none', hasOutput: false, output: undefined, error: undefined, note: 'cleared', endedAt: undefined, reused: false, mapped: undefined });
    }
    log.info('tasks cleared', { tasks: [...toClear] });
    dirty = true;
  });

  const contextOf = (slot: Slot, mapIndex?: number): TaskContext => ({
    dagId: dag.id,
    runId,
    taskId: mapIndex === undefined ? slot.spec.id : `${slot.spec.id}[${mapIndex}]`,
    logicalDate: input.logicalDate,
    dataInterval: input.dataInterval,
    params: input.params,
    tryNumber: slot.attempts,
    ...(mapIndex === undefined ? {} : { mapIndex }),
  });

  const proxyFor = (spec: TaskSpec): ActivityProxy => {
    const timeouts = { ...dag.defaults.timeouts, ...spec.timeouts };
    return proxyActivities<ActivityProxy>({
      taskQueue: spec.taskQueue ?? dag.defaults.taskQueue,
      startToCloseTimeout: toMs(timeouts.startToClose, 600_000),
      ...(timeouts.heartbeat !== undefined ? { heartbeatTimeout: toMs(timeouts.heartbeat, 60_000) } : {}),
      // Retries are the runner's: each attempt is visible in the state and counted as a try number.
      retry: { maximumAttempts: 1 },
    });
  };

  /** Calls the task's activity with retries, recording each attempt on `target` (the task or a mapped item). */
  const attempt = async (slot: Slot, args: unknown, target: AttemptTarget, mapIndex?: number): Promise<unknown> => {
    const retry: RetrySpec = { ...dag.defaults.retry, ...slot.spec.retry };
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
          assertXcomSize(invocation.ctx.taskId, out, xcomLimit);
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
  const slotTarget = (slot: Slot): AttemptTarget => ({
    countAttempt: () => ++slot.attempts,
    update: (change) => Object.assign(slot, change),
  });

  const runPlain = async (slot: Slot, args: unknown): Promise<unknown> => attempt(slot, args, slotTarget(slot));

  const runMapped = async (slot: Slot, args: unknown): Promise<unknown[] | undefined> => {
    const spec = slot.spec.map;
    if (!spec) throw new TaskFailed('map task without "over"');
    const items = resolveRef(spec.over, outputs());
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

  const runSensor = async (slot: Slot, args: unknown): Promise<{ skipped: boolean; value?: unknown }> => {
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
  const emitOutlets = async (slot: Slot): Promise<void> => {
    try {
      const out = await assetActivities.emitAssetEvents({ assets: slot.spec.outlets ?? [], dagId: dag.id, runId, taskId: slot.spec.id, tryNumber: slot.attempts });
      const parts = [`produced ${(slot.spec.outlets ?? []).join(', ')}`];
      if (out.triggered.length) parts.push(`started ${out.triggered.join(', ')}`);
      slot.note = parts.join('; ');
    } catch (err) {
      if (isCancellation(err)) throw err;
      throw new TaskFailed(`the task's work is done but its asset events could not be recorded: ${(err as Error).message}`);
    }
  };

  const finish = (slot: Slot, state: TaskState, error?: string): void => {
    slot.state = state;
    slot.endedAt = nowIso();
    if (error) slot.error = error;
  };

  const start = (slot: Slot): void => {
    active.add(slot.spec.id);
    slot.state = 'running';
    slot.startedAt = nowIso();
    slot.error = undefined;
    const run = async (): Promise<void> => {
      try {
        const args = resolveXcoms(slot.spec.input ?? {}, outputs(), input.params);
        if (slot.spec.kind === 'map') {
          const out = await runMapped(slot, args);
          if (out === undefined) {
            slot.note = 'mapped over an empty list';
            return finish(slot, 'skipped');
          }
          Object.assign(slot, { hasOutput: true, output: out });
        } else if (slot.spec.kind === 'sensor') {
          const res = await runSensor(slot, args);
          if (res.skipped) return finish(slot, 'skipped');
          Object.assign(slot, { hasOutput: true, output: res.value ?? null });
        } else {
          const out = await runPlain(slot, args);
          Object.assign(slot, { hasOutput: true, output: out ?? null });
        }
        slot.note = slot.note === 'cleared' ? undefined : slot.note;
        if (slot.spec.outlets?.length) await emitOutlets(slot);
        finish(slot, 'success');
      } catch (err) {
        if (isCancellation(err)) throw err;
        const message = err instanceof TaskFailed ? err.message : isCiaoError(err) ? `${err.message} [${err.code}]` : String((err as Error).message ?? err);
        finish(slot, 'failed', message);
        log.warn('task failed', { taskId: slot.spec.id, error: message });
      }
    };
    void run().finally(() => {
      active.delete(slot.spec.id);
      dirty = true;
    });
  };

  for (;;) {
    await condition(() => dirty);
    dirty = false;
    for (let changed = true; changed; ) {
      changed = false;
      for (const id of order) {
        const slot = slots.get(id) as Slot;
        if (slot.state !== 'none') continue;
        const decision = decide(slot.spec);
        if (decision === 'wait') continue;
        if (decision === 'run') start(slot);
        else finish(slot, decision === 'skip' ? 'skipped' : 'upstream_failed');
        changed = true;
      }
    }
    if (active.size === 0) break;
  }

  // As in Airflow, the leaves decide; a teardown's failure counts only with failRun.
  const failedLeaves = outcomeTasks(dag.tasks).filter((id) => ['failed', 'upstream_failed'].includes(stateOf(id)));
  status = failedLeaves.length > 0 ? 'failed' : 'success';
  endedAt = nowIso();
  const result: RunResult = { ...snapshot(), outputs: Object.fromEntries(outputs()) };
  if (status === 'success') return result;

  const failedTasks = [...slots.values()].filter((s) => s.state === 'failed').map((s) => ({ taskId: s.spec.id, error: s.error ?? 'failed' }));
  if (dag.onFailure) await notifyFailure(dag, runId, input, failedTasks);
  throw ApplicationFailure.create({
    type: 'DagRunFailed',
    message: `DAG run ${runId} failed: ${failedTasks.map((t) => `${t.taskId} (${t.error})`).join('; ') || failedLeaves.map((id) => `${id} upstream_failed`).join(', ')}`,
    nonRetryable: true,
    details: [result],
  });
}

/** `45s`, `3m20s`: a wait as a person reads it. */
function formatWait(ms: number): string {
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${s % 60 ? `${s % 60}s` : ''}`;
}

/** Message and retryability of an activity failure; error codes named in `retry.nonRetryable` fail at once. */
function describeFailure(err: unknown, retry: RetrySpec): { message: string; nonRetryable: boolean } {
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

async function notifyFailure(dag: DagSpec, runId: string, input: RunDagInput, failedTasks: FailureNotice['failedTasks']): Promise<void> {
  const callback = dag.onFailure;
  if (!callback) return;
  const act = proxyActivities<ActivityProxy>({ taskQueue: dag.defaults.taskQueue, startToCloseTimeout: 60_000, retry: { maximumAttempts: 3 } })[callback.activity];
  const notice: FailureNotice = { dagId: dag.id, runId, logicalDate: input.logicalDate, failedTasks };
  try {
    await act?.({
      args: { ...(callback.input as object | undefined), notice },
      ctx: { dagId: dag.id, runId, taskId: 'on_failure_callback', logicalDate: input.logicalDate, dataInterval: input.dataInterval, params: input.params, tryNumber: 1 },
    });
  } catch (err) {
    // A failing alert must not hide the run's own failure.
    log.error('failure callback failed', { error: (err as Error).message });
  }
}
