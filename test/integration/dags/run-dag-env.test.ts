/**
 * `runDag`'s scheduling on a Temporal dev server of the test's own (@temporalio/testing's
 * TestWorkflowEnvironment, started from the stack's Temporal CLI — its default would download one), with
 * activities defined here, so each rule of the runner is checked apart from the project's activities.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { loadConfig } from '../../../infra/config';
import type { RunResult } from '../../../workflows/dag/run-state';
import type { DagSpec, TaskSpec } from '../../../workflows/dag/spec';
import type { TaskInvocation } from '../../../workflows/dag/task-context';

const QUEUE = 'run-dag-env';
const config = loadConfig();
const temporalCli = path.join(config.stackDir, 'opt', 'temporal', 'venv', 'bin', 'temporal');

let env: TestWorkflowEnvironment;
let worker: Worker;
let running: Promise<void>;
const calls: string[] = [];
let inFlight = 0;
let maxInFlight = 0;

const activities = {
  echo(input: TaskInvocation<{ value?: unknown; fail?: boolean }>): Promise<unknown> {
    calls.push(input.ctx.taskId);
    if (input.args.fail) return Promise.reject(new Error(`${input.ctx.taskId} fails on purpose`));
    return Promise.resolve(input.args.value ?? input.ctx.taskId);
  },
  list(input: TaskInvocation<{ n: number }>): Promise<{ items: number[] }> {
    calls.push(input.ctx.taskId);
    return Promise.resolve({ items: Array.from({ length: input.args.n }, (_, i) => i) });
  },
  async slowDouble(input: TaskInvocation<{ item: number }>): Promise<number> {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    await new Promise((r) => setTimeout(r, 100));
    inFlight--;
    return input.args.item * 2;
  },
};

const task = (id: string, extra: Partial<TaskSpec> = {}): TaskSpec => ({ id, kind: 'task', activity: 'echo', upstream: [], triggerRule: 'all_success', ...extra });
const dagOf = (id: string, tasks: TaskSpec[]): DagSpec => ({ id, description: '', defaults: { retry: { attempts: 1 }, timeouts: { startToClose: '30s' }, taskQueue: QUEUE }, runTimeout: '5m', tags: [], tasks });

async function run(dag: DagSpec): Promise<RunResult> {
  const handle = await env.client.workflow.start('runDag', {
    taskQueue: QUEUE,
    workflowId: `${dag.id}-${Date.now()}`,
    args: [{ dag, logicalDate: '2026-01-01T00:00:00+09:00', dataInterval: { start: '2026-01-01T00:00:00+09:00', end: '2026-01-02T00:00:00+09:00' }, params: {} }],
  });
  try {
    return (await handle.result()) as RunResult;
  } catch (err) {
    const details = (err as { cause?: { details?: unknown[] } }).cause?.details;
    if (details?.[0]) return details[0] as RunResult;
    throw err;
  }
}

const stateOf = (r: RunResult, id: string) => r.tasks.find((t) => t.taskId === id)?.state;

describe('runDag scheduling (TestWorkflowEnvironment on a dev server of its own)', () => {
  before(async () => {
    assert.ok(existsSync(temporalCli), `the stack's Temporal CLI is installed at ${temporalCli} (npm test runs ciao stack up first)`);
    env = await TestWorkflowEnvironment.createLocal({ server: { executable: { type: 'existing-path', path: temporalCli }, ip: '127.0.0.1' } });
    worker = await Worker.create({ connection: env.nativeConnection, taskQueue: QUEUE, workflowsPath: require.resolve('../../../workflows'), activities });
    running = worker.run();
  });
  after(async () => {
    worker?.shutdown();
    await running;
    await env?.teardown();
  });

  it('passes outputs downstream and propagates a failure as upstream_failed, running one_failed and all_done tasks', async () => {
    calls.length = 0;
    const result = await run(
      dagOf('env_rules', [
        task('extract', { input: { value: { rows: 7 } } }),
        task('load', { upstream: ['extract'], input: { value: { $xcom: 'extract', path: 'rows' } } }),
        task('broken', { upstream: ['load'], input: { fail: true } }),
        task('publish', { upstream: ['broken'] }),
        task('alert', { upstream: ['broken'], triggerRule: 'one_failed' }),
        task('cleanup', { upstream: ['publish'], triggerRule: 'all_done' }),
      ]),
    );
    assert.equal(result.outputs.load, 7, 'XCom path resolved');
    assert.equal(stateOf(result, 'broken'), 'failed');
    assert.equal(stateOf(result, 'publish'), 'upstream_failed');
    assert.equal(stateOf(result, 'alert'), 'success');
    assert.equal(stateOf(result, 'cleanup'), 'success');
    assert.equal(result.status, 'success', 'the leaves (alert, cleanup) succeeded, as in Airflow');
    assert.ok(!calls.includes('publish'), 'an upstream_failed task never calls its activity');
  });

  it('fans a map out with its concurrency bound and keeps item order', async () => {
    maxInFlight = 0;
    const result = await run(
      dagOf('env_map', [
        task('items', { activity: 'list', input: { n: 7 } }),
        { id: 'double', kind: 'map', activity: 'slowDouble', upstream: ['items'], triggerRule: 'all_success', map: { over: { $xcom: 'items', path: 'items' }, concurrency: 2, maxItems: 10 } },
      ]),
    );
    assert.equal(result.status, 'success');
    assert.deepEqual(result.outputs.double, [0, 2, 4, 6, 8, 10, 12]);
    assert.equal(maxInFlight, 2, 'at most two items at once');
  });

  it('skips a task whose upstream was skipped (an empty map) and runs none_failed after it', async () => {
    const result = await run(
      dagOf('env_skip', [
        task('items', { activity: 'list', input: { n: 0 } }),
        { id: 'double', kind: 'map', activity: 'slowDouble', upstream: ['items'], triggerRule: 'all_success', map: { over: { $xcom: 'items', path: 'items' }, concurrency: 2, maxItems: 10 } },
        task('after', { upstream: ['double'] }),
        task('tolerant', { upstream: ['double'], triggerRule: 'none_failed' }),
      ]),
    );
    assert.equal(stateOf(result, 'double'), 'skipped');
    assert.equal(stateOf(result, 'after'), 'skipped');
    assert.equal(stateOf(result, 'tolerant'), 'success');
  });
});
