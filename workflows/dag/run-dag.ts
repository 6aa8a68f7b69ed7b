/**
 * `runDag`: the one generic workflow that runs any validated DAG — the scheduling part: which task runs next,
 * the run's query and clear signal, and its outcome. The run state lives in run-slots.ts, task execution
 * (retries, maps, sensors, outlets) in task-execution.ts.
 *
 * It walks the graph in dependency order, decides each task by its trigger rule, runs ready tasks as
 * activities (by name, with the task's timeouts), retries them itself — so every attempt, wait and error is
 * visible in the `state` query, as Airflow's try numbers are — passes upstream outputs (XCom) to downstream
 * arguments, fans out mapped tasks with a concurrency bound, pokes sensors, and propagates skipped /
 * upstream_failed. The run fails, as in Airflow, when a leaf task ends failed or upstream_failed; the failure
 * carries the final state so `ciao dags clear` can start a new run that reuses what succeeded.
 */
import { ApplicationFailure, condition, defineQuery, defineSignal, isCancellation, log, proxyActivities, setHandler } from '@temporalio/workflow';
import { isCiaoError } from '../../domain/errors';
import { topologicalOrder } from './graph';
import { clearSlots, createSlots, nowIso, outputsOf, runStateOf, type TaskSlot } from './run-slots';
import type { RunResult, RunState, RunStatus } from './run-state';
import { indirectSetupsOf, outcomeTasks } from './setup-teardown';
import type { DagSpec, TaskSpec } from './spec';
import type { DataInterval, FailureNotice } from './task-context';
import { TaskFailed, createTaskExecution, type ActivityProxy } from './task-execution';
import { evaluateSetupConstraint, evaluateTriggerRule, type TaskState, type TriggerDecision } from './trigger-rules';
import { DEFAULT_XCOM_LIMIT_BYTES, resolveXcoms } from './xcom';

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

/** Runs the DAG in `input` to completion. @returns the final state and outputs; fails with them attached */
export async function runDag(input: RunDagInput): Promise<RunResult> {
  const { dag } = input;
  const runId = `dag:${dag.id}:${input.logicalDate}`;
  const startedAt = nowIso();
  const xcomLimit = input.xcomLimitBytes ?? DEFAULT_XCOM_LIMIT_BYTES;
  const order = topologicalOrder(dag.tasks);
  const slots = createSlots(dag, input);
  const indirectSetups = indirectSetupsOf(dag.tasks);
  const stateOf = (id: string): TaskState => (slots.get(id) as TaskSlot).state;
  /** The trigger decision of a task: its setup constraint first (a failed setup fails it), then its rule. */
  const decide = (spec: TaskSpec): TriggerDecision => {
    const setups = indirectSetups.get(spec.id);
    const constraint = setups ? evaluateSetupConstraint(setups.map(stateOf)) : 'run';
    if (constraint !== 'run') return constraint;
    return evaluateTriggerRule(spec.triggerRule, spec.upstream.map((u) => ({ state: stateOf(u), setup: slots.get(u)?.spec.role === 'setup' })));
  };

  let status: RunStatus = 'running';
  let endedAt: string | undefined = undefined;
  let dirty = true;
  const active = new Set<string>();
  const outputs = (): Map<string, unknown> => outputsOf(slots);

  const snapshot = (): RunState => runStateOf({ dag, runId, logicalDate: input.logicalDate, dataInterval: input.dataInterval, params: input.params, status, startedAt, ...(endedAt ? { endedAt } : {}) }, order, slots);

  setHandler(stateQuery, snapshot);
  setHandler(clearSignal, (req) => {
    const cleared = clearSlots(dag, slots, active, req.taskIds);
    log.info('tasks cleared', { tasks: [...cleared] });
    dirty = true;
  });

  const { runPlain, runMapped, runSensor, emitOutlets } = createTaskExecution({ dag, runId, input, xcomLimit, outputs });

  const finish = (slot: TaskSlot, state: TaskState, error?: string): void => {
    slot.state = state;
    slot.endedAt = nowIso();
    if (error) slot.error = error;
  };

  const start = (slot: TaskSlot): void => {
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
        const slot = slots.get(id) as TaskSlot;
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
