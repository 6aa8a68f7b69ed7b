/**
 * `ciao dags clear`: rerun the failed tasks of a run (and everything downstream of them).
 *
 * An open run is cleared in place (a signal). A closed run is rerun as a new execution of the same workflow
 * id — same logical date — that reuses the outputs of every task that succeeded and is not downstream of a
 * cleared task, as Airflow keeps their XComs.
 */
import type { Client } from '@temporalio/client';
import { DagError, InfraError } from '../domain/errors';
import { tasksToClear } from '../workflows/dag/setup-teardown';
import type { DagSpec } from '../workflows/dag/spec';
import { dagRunWorkflowId } from '../workflows/dag/ids';
import type { ClearRequest } from '../workflows/dag/run-dag';
import { getDag, resolveParams } from './registry';
import { finalResult, startRun } from './runs';

/** What a clear did. */
export interface ClearOutcome {
  readonly workflowId: string;
  /** `signalled`: the run was open; `restarted`: a new run was started for the same logical date. */
  readonly mode: 'signalled' | 'restarted';
  readonly cleared: readonly string[];
  readonly reused: readonly string[];
  readonly runId?: string;
}

/** Options of {@link clearRun} beyond which tasks to clear. */
export interface ClearOptions {
  /**
   * Params to change for the rerun of a closed run (`--conf`), over the run's own; validated like a trigger's.
   * An open run keeps its params.
   */
  readonly conf?: Readonly<Record<string, unknown>>;
  /** The DAG to clear against (default: the registry's DAG of that id); tests pass DAGs of their own. */
  readonly dag?: DagSpec;
}

/** Clears the run of `dagId` at `logicalDate` (ISO with offset, as in the workflow id). */
export async function clearRun(client: Client, dagId: string, logicalDate: string, request: ClearRequest = {}, options: ClearOptions = {}): Promise<ClearOutcome> {
  const dag = options.dag ?? getDag(dagId);
  const workflowId = dagRunWorkflowId(dagId, logicalDate);
  const handle = client.workflow.getHandle(workflowId);
  const desc = await handle.describe().catch((err: unknown) => {
    throw new InfraError('NotFound', `no run of ${dagId} for ${logicalDate} (${workflowId})`, { workflowId }, { cause: err });
  });
  if (desc.status.name === 'RUNNING') {
    if (options.conf) throw new DagError('DagParamsInvalid', `run ${workflowId} is still open: its params can't change (clear it without --conf, or wait for it to end)`, { workflowId });
    await handle.signal('clear', request);
    return { workflowId, mode: 'signalled', cleared: request.taskIds ?? ['(failed tasks)'], reused: [] };
  }

  const final = await finalResult(client, workflowId);
  if (!final) throw new InfraError('Conflict', `run ${workflowId} has no final state to clear from`, { workflowId });
  const roots = request.taskIds?.length ? request.taskIds : final.tasks.filter((t) => t.state === 'failed' || t.state === 'upstream_failed').map((t) => t.taskId);
  const cleared = tasksToClear(dag.tasks, roots);

  const reuse: Record<string, { output: unknown; attempts: number }> = {};
  const priorAttempts: Record<string, number> = {};
  for (const t of final.tasks) {
    priorAttempts[t.taskId] = t.attempts;
    if (!cleared.has(t.taskId) && t.state === 'success' && t.taskId in final.outputs) reuse[t.taskId] = { output: final.outputs[t.taskId], attempts: t.attempts };
  }
  // Params of the cleared run are kept unless changed: the new execution covers the same interval.
  const params = options.conf ? resolveParams(dag, { ...final.params, ...options.conf }) : final.params;
  const run = await startRun(client, dag, { logicalDate, dataInterval: final.dataInterval, params, reuse, priorAttempts, replaceClosed: true });
  return { workflowId, mode: 'restarted', cleared: [...cleared], reused: Object.keys(reuse), runId: run.runId };
}
