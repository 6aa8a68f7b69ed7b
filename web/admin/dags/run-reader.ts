/**
 * Reads DAG runs from Temporal for the admin pages, within time budgets, so a slow or absent Temporal server
 * or worker costs a page seconds, not a hang.
 *
 * - A closed run's state comes from its result (or its failure's details): no worker needed, and it never
 *   changes, so it is cached by workflow id + run id.
 * - An open run's state comes from the `state` query, which a worker must answer: with a short deadline, and
 *   "unavailable" rather than an error when none does.
 */
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { InfraError, isCiaoError } from '../../../domain/errors';
import { failedIntervals } from '../../../control/failed-runs';
import { finalResult, listRuns, type RunSummary } from '../../../control/runs';
import { listDagSchedules, type ScheduleRow } from '../../../schedules/sync';
import { dagRunWorkflowId } from '../../../workflows/dag/ids';
import type { RunState } from '../../../workflows/dag/run-state';

/** Options of {@link createRunReader}. */
export interface RunReaderOptions {
  /** The Temporal client (lazily connected; rejects when Temporal is down). */
  readonly client: () => Promise<Client>;
  /** Longest a listing or a closed run's read may take, ms (default 5000). */
  readonly budgetMs?: number;
  /** Longest the `state` query of an open run may take, ms (default 2500). */
  readonly queryMs?: number;
  /** Closed runs' states kept in memory (default 500). */
  readonly cacheSize?: number;
  /** Runs read at once for a grid (default 6). */
  readonly concurrency?: number;
}

/** A run's state, or why it is unknown. */
export interface RunStateRead {
  readonly state?: RunState;
  /** Set when the state could not be read (no worker answered, the run ended without one…). */
  readonly problem?: string;
}

/** What the admin pages read about runs. */
export interface RunReader {
  /**
   * The `limit` most recently started runs of `dagId`, newest first, one per logical date (a cleared run's
   * latest execution). @throws when Temporal is unavailable
   */
  recentRuns(dagId: string, limit: number): Promise<RunSummary[]>;
  /**
   * The intervals among the last 100 runs of `dagId` whose latest run failed, newest first.
   * @throws when Temporal is unavailable
   */
  failedIntervals(dagId: string): Promise<RunSummary[]>;
  /** The run of `dagId` at `logicalDate`, or undefined when there is none. @throws when Temporal is unavailable */
  findRun(dagId: string, logicalDate: string): Promise<RunSummary | undefined>;
  /** Every DAG's Temporal Schedule. @throws when Temporal is unavailable */
  schedules(): Promise<ScheduleRow[]>;
  /** The state of a run; never throws (a problem is returned instead). */
  stateOf(run: RunSummary): Promise<RunStateRead>;
  /** The states of many runs, a few at a time, in the same order. */
  statesOf(runs: readonly RunSummary[]): Promise<RunStateRead[]>;
}

/** Without its outputs (a final result carries them; the pages never show them). */
function stateOnly(result: RunState & { outputs?: unknown }): RunState {
  const { outputs: _outputs, ...state } = result;
  return state;
}

const messageOf = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** Creates a reader over `options.client`. */
export function createRunReader(options: RunReaderOptions): RunReader {
  const budgetMs = options.budgetMs ?? 5000;
  const queryMs = options.queryMs ?? 2500;
  const cacheSize = options.cacheSize ?? 500;
  const concurrency = options.concurrency ?? 6;
  const closed = new Map<string, RunStateRead>();

  const within = async <T>(ms: number, fn: (client: Client) => Promise<T>): Promise<T> => {
    const client = await options.client();
    return client.withDeadline(Date.now() + ms, () => fn(client));
  };

  const remember = (key: string, read: RunStateRead): RunStateRead => {
    closed.set(key, read);
    if (closed.size > cacheSize) closed.delete(closed.keys().next().value as string);
    return read;
  };

  const queryState = async (run: RunSummary): Promise<RunStateRead> => {
    try {
      const state = await within(queryMs, (c) => c.workflow.getHandle(run.workflowId, run.runId).query<RunState>('state'));
      return { state };
    } catch (err) {
      return { problem: `the run is open but no worker answered its state query (${messageOf(err)})` };
    }
  };

  const stateOf = async (run: RunSummary): Promise<RunStateRead> => {
    if (run.status === 'RUNNING') return queryState(run);
    const key = `${run.workflowId}/${run.runId}`;
    const cached = closed.get(key);
    if (cached) return cached;
    try {
      const result = await within(budgetMs, (c) => finalResult(c, run.workflowId, run.runId));
      // Describe says it is still open after all (the listing was stale): ask the worker.
      if (!result) return queryState({ ...run, status: 'RUNNING' });
      return remember(key, { state: stateOnly(result) });
    } catch (err) {
      // A run that ended without a final state (terminated, timed out) stays so: remember that too.
      if (isCiaoError(err, 'DagInvalid')) return remember(key, { problem: err.message });
      return { problem: `could not read the run's final state (${messageOf(err)})` };
    }
  };

  return {
    schedules: () => within(budgetMs, (c) => listDagSchedules(c)),

    async recentRuns(dagId, limit) {
      // Executions of a cleared run share its workflow id: ask for extra rows, keep the newest of each.
      const rows = await within(budgetMs, (c) => listRuns(c, dagId, Math.min(100, limit * 2)));
      const seen = new Set<string>();
      const out: RunSummary[] = [];
      for (const row of rows) {
        if (seen.has(row.workflowId)) continue;
        seen.add(row.workflowId);
        out.push(row);
        if (out.length >= limit) break;
      }
      return out;
    },

    async failedIntervals(dagId) {
      return (await within(budgetMs, (c) => failedIntervals(c, dagId))).map((i) => i.latest);
    },

    async findRun(dagId, logicalDate) {
      const workflowId = dagRunWorkflowId(dagId, logicalDate);
      try {
        const desc = await within(budgetMs, (c) => c.workflow.getHandle(workflowId).describe());
        if (desc.type !== 'runDag') return undefined;
        return {
          workflowId,
          runId: desc.runId,
          dagId,
          logicalDate,
          status: desc.status.name,
          startTime: desc.startTime.toISOString(),
          ...(desc.closeTime ? { closeTime: desc.closeTime.toISOString() } : {}),
        };
      } catch (err) {
        if (err instanceof WorkflowNotFoundError) return undefined;
        throw new InfraError('ServiceUnavailable', `Temporal did not describe ${workflowId}: ${messageOf(err)}`, { workflowId }, { cause: err });
      }
    },

    stateOf,

    async statesOf(runs) {
      const out: RunStateRead[] = new Array<RunStateRead>(runs.length);
      let next = 0;
      const lane = async (): Promise<void> => {
        while (next < runs.length) {
          const i = next++;
          out[i] = await stateOf(runs[i] as RunSummary);
        }
      };
      await Promise.all(Array.from({ length: Math.min(concurrency, runs.length) }, lane));
      return out;
    },
  };
}
