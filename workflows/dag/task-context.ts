/**
 * The calling convention between the DAG runner and the activities that do a DAG's work.
 *
 * A DAG task activity takes one object — its arguments (with upstream outputs already resolved) and the run
 * context — and returns a JSON-serialisable output, which becomes the task's XCom. Pure types: activities
 * import them, and so may workflow code.
 */

/** The span of data a run covers: `[start, end)`, ISO-8601 with an explicit offset (e.g. `+09:00`). */
export interface DataInterval {
  readonly start: string;
  readonly end: string;
}

/** What every task invocation knows about its run. */
export interface TaskContext {
  readonly dagId: string;
  /** The run's workflow id, `dag:<dagId>:<logicalDate>`. */
  readonly runId: string;
  readonly taskId: string;
  /** Start of the data interval, as Airflow's logical date. */
  readonly logicalDate: string;
  readonly dataInterval: DataInterval;
  /** The run's params (defaults merged with the trigger's conf, validated). */
  readonly params: Readonly<Record<string, unknown>>;
  /** 1 for the first attempt, 2 for the first retry, … (counted across clears of the same run). */
  readonly tryNumber: number;
  /** Index of the item in a mapped task. */
  readonly mapIndex?: number;
}

/** The single input object of a DAG task activity. */
export interface TaskInvocation<Args> {
  readonly args: Args;
  readonly ctx: TaskContext;
}

/** What a sensor's poke activity returns: done or not yet, and the output once done. */
export interface SensorResult<Out = unknown> {
  readonly done: boolean;
  readonly value?: Out;
  /** Why not yet, shown in the task's state. */
  readonly detail?: string;
}

/** Input of the failure callback activity of a DAG. */
export interface FailureNotice {
  readonly dagId: string;
  readonly runId: string;
  readonly logicalDate: string;
  readonly failedTasks: readonly { readonly taskId: string; readonly error: string }[];
}
