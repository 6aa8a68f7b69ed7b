/**
 * `ciao dags backfill`: one run per schedule interval starting in `[from, to]`, as one backfill object (the
 * `backfillDag` workflow, id `backfill:<dagId>:<from>:<to>`) with progress and cancel, as Airflow 3 has them.
 * Only intervals that have ended are run (the others are counted and named); intervals that already have a
 * run are skipped, so an interrupted backfill can simply be started again.
 */
import { WorkflowExecutionAlreadyStartedError, type Client, type WorkflowExecutionInfo } from '@temporalio/client';
import { DagError, InfraError } from '../domain/errors';
import { TASK_QUEUES } from '../domain/scheduling';
import { cronTicks, formatInterval, intervalStartingAt } from '../schedules/cron';
import { formatInZone } from '../schedules/zone-time';
import type { BackfillInterval, BackfillState, backfillDag as backfillWorkflow } from '../workflows/dag/backfill';
import { DAG_ID_KEY, SEARCH_ATTRIBUTES } from '../workflows/dag/ids';
import { getDag, resolveParams, timezoneOf } from './registry';

/** Progress of a backfill, reported after every change. */
export interface BackfillProgress {
  readonly backfillId: string;
  readonly total: number;
  /** Runs started by this backfill (running or finished). */
  readonly started: number;
  /** Runs that already existed and were left alone. */
  readonly skipped: number;
  readonly succeeded: number;
  readonly failed: number;
  /** Intervals in the range that had not ended: not run. */
  readonly notEnded: number;
  readonly status: BackfillState['status'];
  /** The run that just changed. */
  readonly last?: { readonly logicalDate: string; readonly event: 'started' | 'skipped' | 'succeeded' | 'failed' };
}

/** Options of {@link backfillDag}. */
export interface BackfillOptions {
  readonly from: Date;
  readonly to: Date;
  readonly conf?: Readonly<Record<string, unknown>>;
  /** Most runs at once (default: the schedule's maxActiveRuns, else 1). */
  readonly maxActive?: number;
  /** Start the newest interval first (default false: oldest first). */
  readonly newestFirst?: boolean;
  /** Wait for every run to finish (default true); false returns once the backfill has started. */
  readonly wait?: boolean;
  readonly onProgress?: (p: BackfillProgress) => void;
  /** Clock (default: now): intervals ending after it are not run. */
  readonly now?: Date;
  /** How often to read progress while waiting, in ms (default 1000). */
  readonly pollMs?: number;
}

/** Id of the backfill object of `dagId` over `[from, to]`. */
export function backfillId(dagId: string, from: string, to: string): string {
  return `backfill:${dagId}:${from}:${to}`;
}

/** The intervals a backfill of `[from, to]` covers, split into those that have ended and those that have not. */
export function backfillIntervals(dagId: string, from: Date, to: Date, now: Date): { ended: BackfillInterval[]; notEnded: BackfillInterval[] } {
  const dag = getDag(dagId);
  if (!dag.schedule) throw new DagError('DagInvalid', `DAG "${dagId}" has no schedule, so it has no intervals to backfill: use trigger --date`, { dagId });
  if (from.getTime() > to.getTime()) throw new DagError('DagParamsInvalid', '--from is after --to', { dagId });
  const tz = timezoneOf(dag);
  const cron = dag.schedule.cron;
  const all = cronTicks(cron, tz, from, to).map((tick) => {
    const interval = intervalStartingAt(cron, tz, tick);
    return { ended: interval.end.getTime() <= now.getTime(), item: { logicalDate: formatInZone(tick, tz), dataInterval: formatInterval(interval, tz) } };
  });
  return { ended: all.filter((a) => a.ended).map((a) => a.item), notEnded: all.filter((a) => !a.ended).map((a) => a.item) };
}

function progressOf(id: string, state: BackfillState): BackfillProgress {
  const c = state.counts;
  return { backfillId: id, total: state.total, started: c.running + c.success + c.failed, skipped: c.skipped, succeeded: c.success, failed: c.failed, notEnded: state.notEnded, status: state.status };
}

/**
 * Starts (or finds, when the same range is already being backfilled) the backfill object and, unless
 * `wait: false`, follows it to its end, reporting every change.
 * @returns the final counts
 */
export async function backfillDag(client: Client, dagId: string, options: BackfillOptions): Promise<BackfillProgress> {
  const dag = getDag(dagId);
  const params = resolveParams(dag, options.conf);
  const tz = timezoneOf(dag);
  const { ended, notEnded } = backfillIntervals(dagId, options.from, options.to, options.now ?? new Date());
  const order = options.newestFirst ? 'newest_first' : 'oldest_first';
  const intervals = options.newestFirst ? [...ended].reverse() : ended;
  const from = formatInZone(options.from, tz);
  const to = formatInZone(options.to, tz);
  const id = backfillId(dagId, from, to);
  const maxActive = Math.max(1, options.maxActive ?? dag.schedule?.maxActiveRuns ?? 1);
  let handle;
  try {
    handle = await client.workflow.start<typeof backfillWorkflow>('backfillDag', {
      workflowId: id,
      taskQueue: TASK_QUEUES.dags,
      args: [{ dag, intervals, params, maxActive, from, to, notEnded: notEnded.length, order }],
      // A finished backfill of the same range may be run again (it skips what ran); a running one is joined.
      workflowIdReusePolicy: 'ALLOW_DUPLICATE',
      typedSearchAttributes: [{ key: DAG_ID_KEY, value: dagId }],
      memo: { from, to, total: intervals.length, notEnded: notEnded.length },
    });
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    handle = client.workflow.getHandle<typeof backfillWorkflow>(id);
  }
  if (options.wait === false) {
    const state = await handle.query<BackfillState>('backfill').catch(() => undefined);
    return state ? progressOf(id, state) : { backfillId: id, total: intervals.length, started: 0, skipped: 0, succeeded: 0, failed: 0, notEnded: notEnded.length, status: 'running' };
  }

  const seen = new Map<string, string>();
  const report = (state: BackfillState): void => {
    for (const item of state.items) {
      if (seen.get(item.logicalDate) === item.state || item.state === 'pending' || item.state === 'not_started') continue;
      seen.set(item.logicalDate, item.state);
      const event = item.state === 'running' ? 'started' : item.state === 'success' ? 'succeeded' : item.state;
      options.onProgress?.({ ...progressOf(id, state), last: { logicalDate: item.logicalDate, event } });
    }
  };
  const result = handle.result();
  for (let done = false; !done; ) {
    done = await Promise.race([result.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), options.pollMs ?? 1000))]);
    if (!done) {
      const state = await handle.query<BackfillState>('backfill').catch(() => undefined);
      if (state) report(state);
    }
  }
  const final = await result;
  report(final);
  return progressOf(id, final);
}

/** One backfill object of a DAG, as `dags backfills` and the admin page list it. */
export interface BackfillSummary {
  readonly backfillId: string;
  readonly dagId: string;
  readonly status: string;
  readonly startTime: string;
  readonly closeTime?: string;
  /** Live or final progress when it can be read. */
  readonly progress?: BackfillProgress;
}

async function summarise(client: Client, info: WorkflowExecutionInfo, dagId: string): Promise<BackfillSummary> {
  const state = await client.workflow
    .getHandle(info.workflowId, info.runId)
    .query<BackfillState>('backfill')
    .catch(() => undefined);
  return {
    backfillId: info.workflowId,
    dagId,
    status: info.status.name,
    startTime: info.startTime.toISOString(),
    ...(info.closeTime ? { closeTime: info.closeTime.toISOString() } : {}),
    ...(state ? { progress: progressOf(info.workflowId, state) } : {}),
  };
}

/** The most recent backfills of `dagId`, newest first. */
export async function listBackfills(client: Client, dagId: string, limit = 20): Promise<BackfillSummary[]> {
  const rows: Promise<BackfillSummary>[] = [];
  const query = `${SEARCH_ATTRIBUTES.dagId} = "${dagId}" AND WorkflowType = "backfillDag"`;
  for await (const info of client.workflow.list({ query, pageSize: Math.min(limit, 100) })) {
    rows.push(summarise(client, info, dagId));
    if (rows.length >= limit) break;
  }
  return (await Promise.all(rows)).sort((a, b) => b.startTime.localeCompare(a.startTime));
}

/** Cancels a running backfill: it starts no more runs; runs already started finish. */
export async function cancelBackfill(client: Client, id: string): Promise<void> {
  if (!id.startsWith('backfill:')) throw new DagError('DagParamsInvalid', `"${id}" is not a backfill id (backfill:<dag>:<from>:<to>)`);
  const handle = client.workflow.getHandle(id);
  const desc = await handle.describe().catch((err: unknown) => {
    throw new InfraError('NotFound', `no backfill ${id}`, { id }, { cause: err });
  });
  if (desc.status.name !== 'RUNNING') throw new InfraError('Conflict', `backfill ${id} is not running (${desc.status.name})`, { id });
  await handle.cancel();
}
