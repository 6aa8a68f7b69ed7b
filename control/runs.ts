/**
 * Starting DAG runs and reading them back: the operations the CLI and the admin pages share.
 */
import { ServiceError, WorkflowExecutionAlreadyStartedError, WorkflowFailedError, WorkflowNotFoundError, isGrpcServiceError, type Client, type WorkflowExecutionInfo } from '@temporalio/client';
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

/** gRPC codes of a Temporal server that is away for a moment (restarting, overloaded, unreachable). */
const TRANSIENT_GRPC_CODES: ReadonlySet<number> = new Set([1 /* CANCELLED */, 2 /* UNKNOWN */, 4 /* DEADLINE_EXCEEDED */, 8 /* RESOURCE_EXHAUSTED */, 14 /* UNAVAILABLE */]);

/** Whether `err` says Temporal could not be reached (rather than what it answered). */
export function isTemporalUnreachable(err: unknown): boolean {
  const grpc = isGrpcServiceError(err) ? err : err instanceof ServiceError && isGrpcServiceError(err.cause) ? err.cause : undefined;
  if (grpc) return TRANSIENT_GRPC_CODES.has(grpc.code);
  // The client's own connection errors (before any call reached a server).
  return err instanceof Error && /ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|Connection dropped|No connection established|Failed to connect/i.test(err.message);
}

/** Options of {@link waitForRun}. */
export interface WaitForRunOptions {
  /** How long to keep re-attaching while Temporal is unreachable, ms (default 15 min); then the error is thrown. */
  readonly reattachForMs?: number;
  /** Called each time Temporal was lost and the wait re-attaches after `nextInMs`. */
  readonly onReattach?: (info: { readonly error: string; readonly attempt: number; readonly nextInMs: number }) => void;
}

/**
 * Waits for a run to close and returns its final result (state + outputs). A Temporal server that goes away
 * meanwhile (a restart, a blip) does not end the wait: the run goes on without us, so the wait re-attaches
 * (1 s, doubling to 10 s between tries) for up to `reattachForMs`.
 */
export async function waitForRun(client: Client, workflowId: string, runId?: string, options: WaitForRunOptions = {}): Promise<RunResult> {
  const giveUpAt = Date.now() + (options.reattachForMs ?? 15 * 60_000);
  let pause = 1000;
  for (let attempt = 1; ; attempt++) {
    try {
      return await resultOf(client, workflowId, runId);
    } catch (err) {
      if (!isTemporalUnreachable(err) || Date.now() + pause > giveUpAt) throw err;
      options.onReattach?.({ error: err instanceof Error ? err.message : String(err), attempt, nextInMs: pause });
      await new Promise((resolve) => setTimeout(resolve, pause));
      pause = Math.min(pause * 2, 10_000);
    }
  }
}

async function resultOf(client: Client, workflowId: string, runId?: string): Promise<RunResult> {
  const handle = client.workflow.getHandle<typeof runDag>(workflowId, runId);
  try {
    return await handle.result();
  } catch (err) {
    if (isTemporalUnreachable(err)) throw err;
    const final = await finalResult(client, workflowId, runId);
    if (final) return final;
    throw err;
  }
}
