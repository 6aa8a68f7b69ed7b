/**
 * The Airflow-style DSL: declare a DAG in TypeScript as data.
 *
 * ```ts
 * import type * as activities from '../../activities';
 * export const productRefresh = dag<typeof activities>('nolabel_product_refresh', {
 *   description: 'Crawl, transform and index label-free products',
 *   schedule: { cron: '0 2 * * 0' },                      // Sundays 02:00 Asia/Seoul
 * }, (b) => {
 *   const crawl = b.task('crawl', { activity: 'crawlShops' });
 *   const clean = b.task('transform', { activity: 'transformProducts', args: { rawPath: crawl.field('path') } });
 *   b.task('index', { activity: 'indexProducts', args: { items: clean.output() } });
 * });
 * ```
 * Tasks are bound to activities by name, with argument and output types taken from the activity signatures;
 * reading an upstream output (`ref.output()`, `ref.field(k)`) adds the dependency. `dag()` validates the
 * result and throws a {@link DagError} naming the DAG and task on any mistake.
 */
import { TASK_QUEUES } from '../../domain/scheduling';
import { validateDag, xcomRefsIn } from './validate';
import { dagVersion } from './version';
import { DEFAULT_RETRY } from './retry-plan';
import type { CallbackSpec, DagSpec, Duration, RetrySpec, ScheduleSpec, TaskSpec, TimeoutSpec, TriggerRule, XcomRef } from './spec';
import type { SensorResult, TaskInvocation } from './task-context';

/** Arguments of a DAG task activity. */
export type ArgsOf<F> = F extends (input: TaskInvocation<infer A>) => Promise<unknown> ? A : never;
/** Output of an activity. */
export type OutputOf<F> = F extends (...args: never[]) => Promise<infer O> ? O : never;
/** Names in `A` of activities with the DAG task signature. */
export type TaskActivityName<A> = {
  [K in keyof A]: A[K] extends (input: TaskInvocation<never>) => Promise<unknown> ? K : never;
}[keyof A] &
  string;
/** Names in `A` of activities usable as sensors (they return a {@link SensorResult}). */
export type SensorActivityName<A> = {
  [K in keyof A]: A[K] extends (input: TaskInvocation<never>) => Promise<SensorResult> ? K : never;
}[keyof A] &
  string;

/** A typed reference to (part of) an upstream task's output. */
export interface Xcom<T> extends XcomRef {
  /** Phantom: carries `T` for type checking only. */
  readonly __type?: T;
}

/** A typed reference to one of the run's params. */
export interface Param<T> {
  readonly $param: string;
  /** Phantom: carries `T` for type checking only. */
  readonly __type?: T;
}

/** Arguments where every value may instead come from an upstream output or a param of the same type. */
export type ArgsWithXcom<Args> = { readonly [K in keyof Args]: Args[K] | Xcom<Args[K]> | Param<Args[K]> };

/** A declared task: depend on it, or read its output. */
export interface TaskRef<Out> {
  readonly id: string;
  /** The whole output. */
  output(): Xcom<Out>;
  /** One field of the output. */
  field<K extends keyof Out & string>(key: K): Xcom<Out[K]>;
}

/** Options every kind of task shares. */
export interface CommonTaskOptions {
  /** Tasks to wait for besides those whose outputs the task reads. */
  readonly after?: readonly TaskRef<unknown>[];
  /** When the task runs given its upstream states (default `all_success`). */
  readonly trigger?: TriggerRule;
  /** Overrides the DAG's default retry. */
  readonly retry?: RetrySpec;
  /** Overrides the DAG's default timeouts. */
  readonly timeouts?: TimeoutSpec;
  /** Task queue of the worker that runs it (default: the DAG's). */
  readonly taskQueue?: string;
  /** One line shown in the graph view. */
  readonly doc?: string;
  /** Assets the task produces when it succeeds (Airflow's outlets), e.g. `['nolabel-products']`. */
  readonly outlets?: readonly string[];
}

/** Declares tasks of one DAG (or of a group inside it). */
export interface DagBuilder<A> {
  /** A task that calls `activity` once. */
  task<K extends TaskActivityName<A>>(id: string, options: CommonTaskOptions & { readonly activity: K; readonly args?: ArgsWithXcom<ArgsOf<A[K]>> }): TaskRef<OutputOf<A[K]>>;
  /**
   * Bounded dynamic fan-out: calls `activity` once per item of an upstream list (`args.item`), at most
   * `concurrency` at a time (default 4), refusing lists longer than `maxItems` (default 1000). Its output is
   * the list of the items' outputs, in item order; task ids of items are `<id>[<index>]`.
   */
  map<K extends TaskActivityName<A>>(
    id: string,
    options: CommonTaskOptions & {
      readonly activity: K;
      readonly over: Xcom<ArgsOf<A[K]> extends { item: infer I } ? readonly I[] : never>;
      readonly args?: ArgsWithXcom<Omit<ArgsOf<A[K]>, 'item'>>;
      readonly concurrency?: number;
      readonly maxItems?: number;
    },
  ): TaskRef<OutputOf<A[K]>[]>;
  /**
   * A sensor: pokes `activity` every `pokeInterval` (default 30s) until it answers `done`, failing — or, with
   * `softFail`, ending skipped — after `timeout` (default 1h). Its output is the poke's `value`.
   */
  sensor<K extends SensorActivityName<A>>(
    id: string,
    options: CommonTaskOptions & {
      readonly activity: K;
      readonly args?: ArgsWithXcom<ArgsOf<A[K]>>;
      readonly pokeInterval?: Duration;
      readonly timeout?: Duration;
      readonly softFail?: boolean;
    },
  ): TaskRef<OutputOf<A[K]> extends SensorResult<infer V> ? V : never>;
  /**
   * A setup task (Airflow's `@setup`): creates what later tasks need. Tasks downstream of it run only if it
   * succeeded, and clearing any of them reruns it (and its teardowns).
   */
  setup<K extends TaskActivityName<A>>(id: string, options: CommonTaskOptions & { readonly activity: K; readonly args?: ArgsWithXcom<ArgsOf<A[K]>> }): TaskRef<OutputOf<A[K]>>;
  /**
   * A teardown task (Airflow's `@teardown`): removes what `setups` created, after the tasks in `after`,
   * whether they succeeded or failed (trigger rule `all_done_setup_success`: it runs when every upstream task
   * is done and one of its setups succeeded). Its failure does not fail the run unless `failRun`.
   */
  teardown<K extends TaskActivityName<A>>(
    id: string,
    options: Omit<CommonTaskOptions, 'trigger'> & {
      readonly activity: K;
      readonly setups: readonly TaskRef<unknown>[];
      readonly args?: ArgsWithXcom<ArgsOf<A[K]>>;
      readonly failRun?: boolean;
    },
  ): TaskRef<OutputOf<A[K]>>;
  /** Declares tasks inside a group: their ids get the prefix `<name>.` and they are drawn together. */
  group<T>(name: string, build: (group: DagBuilder<A>) => T): T;
  /** Makes each task depend on the one before it (Airflow's `a >> b >> c`). */
  chain(...tasks: readonly TaskRef<unknown>[]): void;
  /** A run param as a task argument (Airflow's `{{ params.name }}`), resolved when the task starts. */
  param<T>(name: string): Param<T>;
}

/** DAG-level options. */
export interface DagOptions<A> {
  readonly description: string;
  readonly schedule?: ScheduleSpec;
  /**
   * Defaults for every task (retry: 5s → ×2 → 5m for up to 30 min after the first try, see `DEFAULT_RETRY`;
   * startToClose 10m; queue `dags`).
   */
  readonly defaults?: { readonly retry?: RetrySpec; readonly timeouts?: TimeoutSpec; readonly taskQueue?: string };
  /** JSON Schema (e.g. a TypeBox `Type.Object`) that run params must satisfy, checked at trigger time. */
  readonly params?: Readonly<Record<string, unknown>>;
  /** Params used when a trigger gives none (and under the ones it gives). */
  readonly defaultParams?: Readonly<Record<string, unknown>>;
  /** A run that takes longer fails (default '24h'). */
  readonly runTimeout?: Duration;
  /** Activity run when a run fails, e.g. an alert. */
  readonly onFailure?: { readonly activity: keyof A & string; readonly args?: unknown };
  /** Run when every one of these assets was produced since the last such run (data-aware scheduling). */
  readonly runsOnAssets?: readonly string[];
  readonly tags?: readonly string[];
}

const DEFAULT_TIMEOUTS: TimeoutSpec = { startToClose: '10m' };

interface MutableTask {
  id: string;
  kind: TaskSpec['kind'];
  activity: string;
  input?: unknown;
  upstream: string[];
  triggerRule: TriggerRule;
  retry?: RetrySpec;
  timeouts?: TimeoutSpec;
  taskQueue?: string;
  group?: string;
  map?: TaskSpec['map'];
  sensor?: TaskSpec['sensor'];
  doc?: string;
  role?: TaskSpec['role'];
  setups?: string[];
  failRun?: boolean;
  outlets?: string[];
}

function ref<Out>(id: string): TaskRef<Out> {
  return {
    id,
    output: () => ({ $xcom: id }),
    field: (key) => ({ $xcom: id, path: key }),
  };
}

function builder<A>(tasks: MutableTask[], prefix: string, group: string | undefined): DagBuilder<A> {
  const add = (id: string, kind: TaskSpec['kind'], activity: string, options: CommonTaskOptions & { args?: unknown }, extra: Partial<MutableTask> = {}): string => {
    const fullId = `${prefix}${id}`;
    const upstream = new Set<string>([...(options.after ?? []).map((t) => t.id), ...xcomRefsIn(options.args), ...(extra.upstream ?? [])]);
    const task: MutableTask = { id: fullId, kind, activity, upstream: [...upstream], triggerRule: options.trigger ?? 'all_success', ...extra };
    task.upstream = [...upstream];
    if (options.args !== undefined) task.input = options.args;
    if (options.retry) task.retry = options.retry;
    if (options.timeouts) task.timeouts = options.timeouts;
    if (options.taskQueue) task.taskQueue = options.taskQueue;
    if (options.doc) task.doc = options.doc;
    if (options.outlets?.length) task.outlets = [...options.outlets];
    if (group) task.group = group;
    tasks.push(task);
    return fullId;
  };
  return {
    task(id, options) {
      return ref(add(id, 'task', options.activity, options));
    },
    map(id, options) {
      return ref(
        add(id, 'map', options.activity, options, {
          upstream: [options.over.$xcom],
          map: { over: { $xcom: options.over.$xcom, ...(options.over.path ? { path: options.over.path } : {}) }, concurrency: options.concurrency ?? 4, maxItems: options.maxItems ?? 1000 },
        }),
      );
    },
    setup(id, options) {
      return ref(add(id, 'task', options.activity, options, { role: 'setup' }));
    },
    teardown(id, options) {
      const setups = options.setups.map((r) => r.id);
      return ref(add(id, 'task', options.activity, { ...options, trigger: 'all_done_setup_success' }, { role: 'teardown', setups, upstream: setups, ...(options.failRun ? { failRun: true } : {}) }));
    },
    sensor(id, options) {
      return ref(
        add(id, 'sensor', options.activity, options, {
          sensor: { pokeInterval: options.pokeInterval ?? '30s', timeout: options.timeout ?? '1h', softFail: options.softFail ?? false },
        }),
      );
    },
    group(name, build) {
      return build(builder<A>(tasks, `${prefix}${name}.`, group ? `${group}.${name}` : name));
    },
    param(name) {
      return { $param: name };
    },
    chain(...refs) {
      for (let i = 1; i < refs.length; i++) {
        const down = tasks.find((t) => t.id === refs[i]?.id);
        const up = refs[i - 1]?.id;
        if (down && up && !down.upstream.includes(up)) down.upstream.push(up);
      }
    },
  };
}

/**
 * Declares and validates a DAG. `A` is the type of the activities module (`typeof activities`), which binds
 * task activity names and argument/output types.
 * @throws DagError when the DAG is invalid (cycle, unknown or duplicate task, bad rule, cron or duration)
 */
export function dag<A>(id: string, options: DagOptions<A>, build: (b: DagBuilder<A>) => void): DagSpec {
  const tasks: MutableTask[] = [];
  build(builder<A>(tasks, '', undefined));
  const onFailure: CallbackSpec | undefined = options.onFailure ? { activity: options.onFailure.activity, input: options.onFailure.args } : undefined;
  const spec: DagSpec = {
    id,
    description: options.description,
    ...(options.schedule ? { schedule: options.schedule } : {}),
    defaults: {
      retry: { ...DEFAULT_RETRY, ...options.defaults?.retry },
      timeouts: { ...DEFAULT_TIMEOUTS, ...options.defaults?.timeouts },
      taskQueue: options.defaults?.taskQueue ?? TASK_QUEUES.dags,
    },
    ...(options.params ? { paramsSchema: options.params } : {}),
    ...(options.defaultParams ? { defaultParams: options.defaultParams } : {}),
    runTimeout: options.runTimeout ?? '24h',
    ...(onFailure ? { onFailure } : {}),
    ...(options.runsOnAssets?.length ? { runsOnAssets: [...options.runsOnAssets] } : {}),
    tags: options.tags ?? [],
    tasks: tasks.map((t) => ({ ...t, upstream: [...t.upstream] })),
  };
  validateDag(spec);
  return { ...spec, version: dagVersion(spec) };
}
