import { log } from '@temporalio/activity';
import type { FailureNotice, TaskInvocation } from '../../workflows/dag/task-context';

/** Arguments of {@link notifyDagFailure}. */
export interface NotifyDagFailureArgs {
  readonly notice: FailureNotice;
  /** POST the notice as JSON to this URL (e.g. a chat webhook); without it the notice is only logged. */
  readonly webhookUrl?: string;
}

/** Failure callback of DAG runs: logs the failed tasks and, when configured, posts them to a webhook. */
export async function notifyDagFailure(input: TaskInvocation<NotifyDagFailureArgs>): Promise<{ delivered: 'log' | 'webhook' }> {
  const { notice, webhookUrl } = input.args;
  log.error(`DAG run failed: ${notice.runId}`, { failedTasks: notice.failedTasks });
  if (!webhookUrl) return { delivered: 'log' };
  const res = await fetch(webhookUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ text: `DAG run failed: ${notice.runId}`, ...notice }),
    signal: AbortSignal.timeout(10_000),
  });
  if (!res.ok) throw new Error(`webhook answered ${res.status}`);
  return { delivered: 'webhook' };
}
