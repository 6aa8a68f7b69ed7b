/**
 * Integration-test support for DAG runs on the real Temporal server: fresh logical dates, starting a test-only
 * DAG (one that is not in the registry — `runDag` takes the DAG itself as input, so the worker needs no
 * change), and reading tasks and history of a run.
 */
import assert from 'node:assert/strict';
import type { Client } from '@temporalio/client';
import { getRunState, startRun, type StartedRun } from '../../control/runs';
import { resolveParams } from '../../control/registry';
import { manualRunInterval } from '../../control/run-interval';
import type { DagSpec, Duration } from '../../workflows/dag/spec';
import type { RunState, TaskRunState } from '../../workflows/dag/run-state';
import type { DataInterval } from '../../workflows/dag/task-context';

/** A logical date no earlier test run used: a random minute of `year` .. `year + years - 1` (pick years per test file; a weekly DAG needs many). */
export function randomMinuteIn(year: number, years = 1): Date {
  const start = Date.UTC(year, 0, 1);
  const minutes = (Date.UTC(year + years, 0, 1) - start) / 60_000;
  return new Date(start + Math.floor(Math.random() * minutes) * 60_000);
}

/** Options of {@link startTestDag}. */
export interface TestRunOptions {
  /** As `trigger --date` takes it: a time (the interval containing it) or a `YYYY-MM-DD` day (the interval starting on it). */
  readonly date: Date | string;
  /** Params over the DAG's defaults (validated as a trigger would). */
  readonly conf?: Readonly<Record<string, unknown>>;
  /** Default: as `ciao dags trigger --date` gives it (the schedule's interval that contains the date, or the date alone). */
  readonly dataInterval?: DataInterval;
}

/** Starts a run of a test-only `dag` on the `dags` queue, as `ciao dags trigger` would. */
export async function startTestDag(client: Client, dag: DagSpec, options: TestRunOptions): Promise<StartedRun & { logicalDate: string }> {
  const manual = manualRunInterval(dag, typeof options.date === 'string' ? options.date : options.date.toISOString(), new Date());
  const dataInterval = options.dataInterval ?? manual.dataInterval;
  const logicalDate = options.dataInterval?.start ?? manual.logicalDate;
  const started = await startRun(client, dag, { logicalDate, dataInterval, params: resolveParams(dag, options.conf) });
  assert.equal(started.started, true, `a run of ${dag.id} for ${logicalDate} existed already`);
  return { ...started, logicalDate };
}

/**
 * A copy of a registered DAG for a test (never synced to a Temporal Schedule): another id (so its runs are not the real DAG’s), every task on
 * `taskQueue` (so only the test's worker, on the test's stores, runs them) and shorter sensor poke intervals.
 */
export function testCopyOf(dag: DagSpec, change: { readonly id: string; readonly taskQueue: string; readonly pokeInterval?: Duration }): DagSpec {
  return {
    ...dag,
    id: change.id,
    defaults: { ...dag.defaults, taskQueue: change.taskQueue },
    tasks: dag.tasks.map((t) => ({
      ...t,
      taskQueue: change.taskQueue,
      ...(t.sensor && change.pokeInterval ? { sensor: { ...t.sensor, pokeInterval: change.pokeInterval } } : {}),
    })),
  };
}

/** The task `id` of a run's state (fails the test when there is none). */
export function taskOf(state: { readonly tasks: readonly TaskRunState[] }, id: string): TaskRunState {
  const t = state.tasks.find((x) => x.taskId === id);
  assert.ok(t, `no task ${id}`);
  return t;
}

/** Polls the run's state until `done(state)` or `timeoutMs`; returns the last state seen. */
export async function waitForState(client: Client, workflowId: string, done: (state: RunState) => boolean, timeoutMs = 60_000): Promise<RunState> {
  const deadline = Date.now() + timeoutMs;
  let state = await getRunState(client, workflowId);
  while (!done(state) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 250));
    state = await getRunState(client, workflowId);
  }
  return state;
}

/** Names of the activities a run scheduled, in order (from its history). */
export async function scheduledActivities(client: Client, workflowId: string, runId?: string): Promise<string[]> {
  const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
  return (history.events ?? []).map((e) => e.activityTaskScheduledEventAttributes?.activityType?.name ?? '').filter(Boolean);
}
