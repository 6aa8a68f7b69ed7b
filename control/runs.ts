/**
 * Starting DAG runs and reading them back: the operations the CLI and the admin pages share.
 */
import { WorkflowExecutionAlreadyStartedError, WorkflowFailedError, WorkflowNotFoundError, type Client, type WorkflowExecutionInfo } from '@temporalio/client';
import { DagError, InfraError } from '../domain/errors';
import { TASK_QUEUES } from '../domain/scheduling';
import { DAG_ID_KEY, LOGICAL_DATE_KEY, SEARCH_ATTRIBUTES, dagRunWorkflowId, parseDagRunWorkflowId } from '../workflows/dag/ids';
import type { RunDagInput, runDag } from '../workflows/dag/run-dag';
import type { RunResult, RunState } from '../workflows/dag/run-state';
import type { DagSpec } from '../workflows/dag/spec';

/** How a run was started. */
export type RunOrigin = 'manual' | 'backfill' | 'clear';

/** Options of {@link startRun}. */
export interface StartRunOptions {
  readonly logicalDate: string;
  readonly dataInterval: RunDagInput['dataInterval'];
  readonly params: Readonly<Record<string, unknown>>;
  readonly reuse?: RunDagInput['reuse'];
  readonly priorAttempts?: RunDagInput['priorAttempts'];
  /** Allow a new run when a closed one exists for the same logical date (clear); default false. */
  readonly replaceClosed?: boolean;
}

/** The outcome of starting a run. */
export interface StartedRun {
  readonly workflowId: string;
  readonly runId: string;
  /** False when a run for that logical date already existed and nothing was started. */
  readonly started: boolean;
}

/** Starts `runDag` for `dag` and a logical date; idempotent unless `replaceClosed`. */
export async function startRun(client: Client, dag: DagSpec, options: StartRunOptions): Promise<StartedRun> {
  const workflowId = dagRunWorkflowId(dag.id, options.logicalDate);
  const input: RunDagInput = {
    dag,
    logicalDate: options.logicalDate,
    dataInterval: options.dataInterval,
    params: options.params,
    ...(options.reuse ? { reuse: options.reuse } : {}),
    ...(options.priorAttempts ? { priorAttempts: options.priorAttempts } : {}),
  };
  try {
    const handle = await client.workflow.start<typeof runDag>('runDag', {
      workflowId,
      taskQueue: TASK_QUEUES.dags,
      args: [input],
      workflowExecutionTimeout: dag.runTimeout,
      workflowIdReusePolicy: options.replaceClosed ? 'ALLOW_DUPLICATE' : 'REJECT_DUPLICATE',
      typedSearchAttributes: [
        { key: DAG_ID_KEY, value: dag.id },
        { key: LOGICAL_DATE_KEY, value: options.logicalDate },
      ],
      memo: { dagDescription: dag.description },
    });
    return { workflowId, runId: handle.firstExecutionRunId, started: true };
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) {
      const desc = await client.workflow.getHandle(workflowId).describe();
      return { workflowId, runId: desc.runId, started: false };
    }
    throw err;
  }
}

/** One row of a DAG's run history. */
export interface RunSummary {
  readonly workflowId: string;
  readonly runId: string;
  readonly dagId: string;
  readonly logicalDate: string;
  readonly status: string;
  readonly startTime: string;
  readonly closeTime?: string;
}

function summarise(info: WorkflowExecutionInfo): RunSummary | undefined {
  const parsed = parseDagRunWorkflowId(info.workflowId);
  if (!parsed) return undefined;
  return {
    workflowId: info.workflowId,
    runId: info.runId,
    dagId: parsed.dagId,
    logicalDate: parsed.logicalDate,
    status: info.status.name,
    startTime: info.startTime.toISOString(),
    ...(info.closeTime ? { closeTime: info.closeTime.toISOString() } : {}),
  };
}

/** The most recent runs of `dagId` (newest first), from Temporal's visibility store. */
export async function listRuns(client: Client, dagId: string, limit = 25): Promise<RunSummary[]> {
  const rows: RunSummary[] = [];
  const query = `${SEARCH_ATTRIBUTES.dagId} = "${dagId}" AND WorkflowType = "runDag"`;
  for await (const info of client.workflow.list({ query, pageSize: Math.min(limit, 100) })) {
    const row = summarise(info);
    if (row) rows.push(row);
    if (rows.length >= limit) break;
  }
  return rows.sort((a, b) => b.startTime.localeCompare(a.startTime));
}

/**
 * The state of a run: the live `state` query while it runs (or while a worker can replay it), else the final
 * state carried by its result or failure.
 */
export async function getRunState(client: Client, workflowId: string, runId?: string): Promise<RunState> {
  const handle = client.workflow.getHandle(workflowId, runId);
  try {
    return await handle.query<RunState>('state');
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) throw new InfraError('NotFound', `no run ${workflowId}`, { workflowId }, { cause: err });
    const final = await finalResult(client, workflowId, runId);
    if (final) return final;
    throw err;
  }
}

/** The final result (state + outputs) of a closed run, from its result or its failure's details. */
export async function finalResult(client: Client, workflowId: string, runId?: string): Promise<RunResult | undefined> {
  const handle = client.workflow.getHandle<typeof runDag>(workflowId, runId);
  const desc = await handle.describe();
  if (desc.status.name === 'RUNNING') return undefined;
  try {
    return await handle.result();
  } catch (err) {
    if (err instanceof WorkflowFailedError) {
      const details = (err.cause as { details?: unknown[] } | undefined)?.details;
      const result = details?.[0] as RunResult | undefined;
      if (result?.tasks) return result;
      throw new DagError('DagInvalid', `run ${workflowId} ended ${desc.status.name} without a final state (${err.cause?.message ?? err.message})`, { workflowId });
    }
    throw err;
  }
}

/** Waits for a run to close and returns its final result (state + outputs). */
export async function waitForRun(client: Client, workflowId: string, runId?: string): Promise<RunResult> {
  const handle = client.workflow.getHandle<typeof runDag>(workflowId, runId);
  try {
    return await handle.result();
  } catch (err) {
    const final = await finalResult(client, workflowId, runId);
    if (final) return final;
    throw err;
  }
}
