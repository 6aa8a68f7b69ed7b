/**
 * The run state of `runDag`: one mutable slot per task (state, tries, times, note, output), built from the
 * run's input (outputs reused by a clear included), rendered as the `state` query's {@link RunState}, and
 * reset by a clear. Deterministic and free of Temporal calls, so it is unit-tested on its own.
 */
import type { MappedItemState, RunState, TaskRunState } from './run-state';
import { tasksToClear } from './setup-teardown';
import type { DagSpec, TaskSpec } from './spec';
import { FINISHED_STATES, type TaskState } from './trigger-rules';

/** One task of a run, as the runner tracks it. */
export interface TaskSlot {
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

/** The part of the run's input the slots are built from. */
export interface SlotSeed {
  /** Tasks that succeeded in an earlier run of the same logical date, with their outputs (clear). */
  readonly reuse?: Readonly<Record<string, { readonly output: unknown; readonly attempts: number }>>;
  /** Attempts made by earlier runs of the same logical date, so try numbers keep counting (clear). */
  readonly priorAttempts?: Readonly<Record<string, number>>;
}

/** The current time as ISO (deterministic inside a workflow). */
export const nowIso = (): string => new Date().toISOString();

/** One slot per task of `dag`; reused outputs start as `success`. */
export function createSlots(dag: DagSpec, seed: SlotSeed): Map<string, TaskSlot> {
  const slots = new Map<string, TaskSlot>(dag.tasks.map((t) => [t.id, { spec: t, state: 'none', attempts: seed.priorAttempts?.[t.id] ?? 0, hasOutput: false }]));
  for (const [taskId, prior] of Object.entries(seed.reuse ?? {})) {
    const slot = slots.get(taskId);
    if (!slot) continue;
    Object.assign(slot, { state: 'success', reused: true, hasOutput: true, output: prior.output, attempts: prior.attempts, note: 'output reused from an earlier run' });
  }
  return slots;
}

/** The outputs (XComs) of the tasks that have one, by task id. */
export function outputsOf(slots: ReadonlyMap<string, TaskSlot>): Map<string, unknown> {
  return new Map([...slots].filter(([, s]) => s.hasOutput).map(([id, s]) => [id, s.output]));
}

/** A slot as the `state` query shows it. */
export function taskRunState(taskId: string, s: TaskSlot): TaskRunState {
  return {
    taskId,
    state: s.state,
    attempts: s.attempts,
    ...(s.startedAt ? { startedAt: s.startedAt } : {}),
    ...(s.endedAt ? { endedAt: s.endedAt } : {}),
    ...(s.error ? { error: s.error } : {}),
    ...(s.note ? { note: s.note } : {}),
    ...(s.reused ? { reused: true } : {}),
    ...(s.mapped ? { mapped: s.mapped.map((m) => ({ ...m })) } : {}),
  };
}

/** What the run knows about itself besides its tasks: the state query's fields, with the DAG they come from. */
export type RunHeader = Omit<RunState, 'dagId' | 'dagVersion' | 'tasks'> & { readonly dag: DagSpec };

/** The run's state: its header and every task in `order`. */
export function runStateOf(header: RunHeader, order: readonly string[], slots: ReadonlyMap<string, TaskSlot>): RunState {
  const { dag, ...rest } = header;
  return {
    dagId: dag.id,
    ...(dag.version ? { dagVersion: dag.version } : {}),
    ...rest,
    tasks: order.map((id) => taskRunState(id, slots.get(id) as TaskSlot)),
  };
}

/**
 * Clears tasks of an open run: `taskIds` (default every failed or upstream_failed task), what depends on
 * them, and their setups and teardowns (setup-teardown.ts). Running tasks and tasks not yet finished are
 * left alone. @returns the ids considered for clearing
 */
export function clearSlots(dag: DagSpec, slots: Map<string, TaskSlot>, active: ReadonlySet<string>, taskIds: readonly string[] | undefined): Set<string> {
  const roots = taskIds?.length ? taskIds.filter((id) => slots.has(id)) : [...slots.values()].filter((s) => s.state === 'failed' || s.state === 'upstream_failed').map((s) => s.spec.id);
  const toClear = tasksToClear(dag.tasks, roots);
  for (const id of toClear) {
    const s = slots.get(id);
    if (!s || active.has(id) || !FINISHED_STATES.has(s.state)) continue;
    Object.assign(s, { state: 'none', hasOutput: false, output: undefined, error: undefined, note: 'cleared', endedAt: undefined, reused: false, mapped: undefined });
  }
  return toClear;
}
