/**
 * The serialisable shape of a DAG: what the DSL produces, the validator checks, the `runDag` workflow
 * executes, schedules/ turns into Temporal Schedules and the admin pages draw. Plain data only (no functions),
 * so a run carries a snapshot of its DAG and replays deterministically even after the code changes.
 */

/** A duration in Temporal's string form (`'30s'`, `'5m'`, `'2h'`) or milliseconds. */
export type Duration = string | number;

/** Airflow's trigger rules: when a task runs, given its upstream tasks' final states. */
export const TRIGGER_RULES = [
  'all_success',
  'all_done',
  'all_failed',
  'one_success',
  'one_failed',
  'none_failed',
  'none_failed_min_one_success',
  'none_skipped',
  'all_skipped',
  'one_done',
  'all_done_min_one_success',
  'all_done_setup_success',
  'always',
] as const;
export type TriggerRule = (typeof TRIGGER_RULES)[number];

/**
 * Retry policy of a task, applied by the runner (workflows/dag/retry-plan.ts). A task tries again until it
 * succeeds, fails with a non-retryable code, has made `attempts` tries, or its `budget` is spent — whichever
 * comes first. The defaults ride out a store that is down for up to 30 minutes.
 */
export interface RetrySpec {
  /** Most tries including the first (default: no limit but the budget; 1 = no retry). */
  readonly attempts?: number;
  /** Wait before the first retry (default '5s'). */
  readonly initialInterval?: Duration;
  /** Multiplier per retry (default 2). */
  readonly backoffCoefficient?: number;
  /** Longest wait between retries (default '5m'). */
  readonly maximumInterval?: Duration;
  /**
   * How long after its first try a task may still start another (default '30m'); the last wait is shortened
   * to end at the budget.
   */
  readonly budget?: Duration;
  /** Error codes (CiaoError `code`, or error type names) that fail the task at once. */
  readonly nonRetryable?: readonly string[];
}

/** Timeouts of a task (Temporal activity timeouts). */
export interface TimeoutSpec {
  /** Longest one attempt may take (default '10m'). */
  readonly startToClose?: Duration;
  /** Longest silence between heartbeats of a long activity (default none). */
  readonly heartbeat?: Duration;
}

/** A DAG's schedule: a cron in a timezone (default Asia/Seoul), as Airflow users write it. */
export interface ScheduleSpec {
  /** Five-field cron (`'0 2 * * 0'` = Sundays 02:00). */
  readonly cron: string;
  /** IANA timezone (default 'Asia/Seoul'). */
  readonly timezone?: string;
  /** Run missed intervals after downtime (default false: only the latest). */
  readonly catchup?: boolean;
  /** What to do when a run is due while the previous still runs (default 'skip'). */
  readonly overlap?: 'skip' | 'buffer_one' | 'buffer_all' | 'cancel_other' | 'terminate_other' | 'allow_all';
  /** Start paused (default false). */
  readonly paused?: boolean;
  /**
   * Most runs at once for backfills (default 1). Scheduled runs follow `overlap`: with the default 'skip'
   * a schedule never has more than one run active.
   */
  readonly maxActiveRuns?: number;
}

/** Where a task input value comes from an upstream task's output (XCom). */
export interface XcomRef {
  readonly $xcom: string;
  /** Dot path inside the output (default: the whole output). */
  readonly path?: string;
}

/** Where a task input value comes from the run's params (Airflow's `{{ params.x }}`). */
export interface ParamRef {
  readonly $param: string;
}

/** Bounded dynamic fan-out over a list output of an upstream task. */
export interface MapSpec {
  /** Upstream task whose output (or `path` inside it) is the list. */
  readonly over: XcomRef;
  /** Most items running at once (default 4). */
  readonly concurrency: number;
  /** Refuse lists longer than this (default 1000): fan-out stays bounded. */
  readonly maxItems: number;
}

/** Poke-until-true settings of a sensor task: its activity returns `{ done: boolean, ... }`. */
export interface SensorSpec {
  /** Wait between pokes (default '30s'). */
  readonly pokeInterval: Duration;
  /** Give up after this long (default '1h'). */
  readonly timeout: Duration;
  /** On timeout, end as `skipped` instead of `failed` (default false). */
  readonly softFail: boolean;
}

/** One task of a DAG. */
export interface TaskSpec {
  /** snake_case, unique in the DAG; tasks in a group are `<group>.<task>`. */
  readonly id: string;
  readonly kind: 'task' | 'map' | 'sensor';
  /** Name of the registered activity that does the work. */
  readonly activity: string;
  /** The activity's input; values may be {@link XcomRef}s (upstream outputs) or {@link ParamRef}s, resolved at run time. */
  readonly input?: unknown;
  /** Ids of the tasks this one waits for. */
  readonly upstream: readonly string[];
  readonly triggerRule: TriggerRule;
  readonly retry?: RetrySpec;
  readonly timeouts?: TimeoutSpec;
  /** Task queue of the worker that runs it (default: the DAG's, 'dags'). */
  readonly taskQueue?: string;
  /** Group label for display (the id prefix before the dot). */
  readonly group?: string;
  readonly map?: MapSpec;
  readonly sensor?: SensorSpec;
  /** Shown in the graph view. */
  readonly doc?: string;
  /**
   * Airflow's setup/teardown: a `setup` task creates what the work needs (a cluster, a temp table); tasks
   * downstream of it run only if it succeeded, and clearing any of them reruns it. A `teardown` task
   * (trigger rule `all_done_setup_success`) cleans up after its `setups` even when the work in between
   * failed; its own failure fails the run only with `failRun`.
   */
  readonly role?: 'setup' | 'teardown';
  /** For a teardown: the setup tasks whose resources it removes. */
  readonly setups?: readonly string[];
  /** For a teardown: whether its failure fails the run (default false, as Airflow's on_failure_fail_dagrun). */
  readonly failRun?: boolean;
  /**
   * Assets this task produces (Airflow's `outlets`): when it succeeds, an asset event is recorded for each,
   * and DAGs that run on those assets are started (see {@link DagSpec.runsOnAssets}).
   */
  readonly outlets?: readonly string[];
}

/** An activity run when a DAG run fails (an alert, a log line). */
export interface CallbackSpec {
  readonly activity: string;
  readonly input?: unknown;
}

/** A whole DAG. */
export interface DagSpec {
  /** snake_case, unique. */
  readonly id: string;
  /** Fingerprint of the rest of the spec (workflows/dag/version.ts), set by the DSL; runs record it. */
  readonly version?: string;
  readonly description: string;
  readonly schedule?: ScheduleSpec;
  /** Defaults for every task. */
  readonly defaults: { readonly retry: RetrySpec; readonly timeouts: TimeoutSpec; readonly taskQueue: string };
  /** JSON Schema (TypeBox) that a run's params must satisfy; checked at trigger time. */
  readonly paramsSchema?: Readonly<Record<string, unknown>>;
  /** Default params merged under the ones given at trigger time. */
  readonly defaultParams?: Readonly<Record<string, unknown>>;
  /** A run that takes longer fails (default '24h'). */
  readonly runTimeout: Duration;
  readonly onFailure?: CallbackSpec;
  /**
   * Data-aware scheduling (Airflow's `schedule=[Asset(...)]`): the DAG runs when every one of these assets
   * has been produced (by any DAG's task `outlets`) since its last asset-triggered run. May be combined with a
   * cron `schedule`.
   */
  readonly runsOnAssets?: readonly string[];
  readonly tags: readonly string[];
  readonly tasks: readonly TaskSpec[];
}
