/**
 * The live state of a DAG run, as the `state` query returns it and the admin pages draw it. Pure types.
 */
import type { TaskState } from './trigger-rules';
import type { DataInterval } from './task-context';

/** One item of a mapped task. */
export interface MappedItemState {
  readonly index: number;
  readonly state: TaskState;
  readonly attempts: number;
  readonly error?: string;
}

/** One task of a run. */
export interface TaskRunState {
  readonly taskId: string;
  readonly state: TaskState;
  /** Attempts made so far (retries and clears included). */
  readonly attempts: number;
  /** ISO times. */
  readonly startedAt?: string;
  readonly endedAt?: string;
  /** Last error message, with its code when it had one. */
  readonly error?: string;
  /** A sensor's last answer, a retry's wait… */
  readonly note?: string;
  /** True when the output came from an earlier run of the same logical date (clear). */
  readonly reused?: boolean;
  readonly mapped?: readonly MappedItemState[];
}

/** Overall state of a run. */
export type RunStatus = 'running' | 'success' | 'failed';

/** What the `state` query returns. */
export interface RunState {
  readonly dagId: string;
  /** The version of the DAG this run ran (workflows/dag/version.ts), when the spec carried one. */
  readonly dagVersion?: string;
  readonly runId: string;
  readonly logicalDate: string;
  readonly dataInterval: DataInterval;
  /** The run's params (defaults merged with the trigger's conf). */
  readonly params: Readonly<Record<string, unknown>>;
  readonly status: RunStatus;
  readonly startedAt: string;
  readonly endedAt?: string;
  readonly tasks: readonly TaskRunState[];
}

/** What `runDag` returns (and attaches to its failure): the final state and the outputs of the tasks. */
export interface RunResult extends RunState {
  readonly outputs: Readonly<Record<string, unknown>>;
}
