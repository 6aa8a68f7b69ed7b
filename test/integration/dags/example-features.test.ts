import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { exampleGateKey } from '../../../activities/examples/feature-tour';
import { backfillDag } from '../../../control/backfill';
import { clearRun } from '../../../control/clear';
import { getRunState, listRuns, waitForRun } from '../../../control/runs';
import { triggerDag } from '../../../control/trigger';
import { isCiaoError } from '../../../domain/errors';
import { syncSchedules } from '../../../schedules/sync';
import type { RunResult, TaskRunState } from '../../../workflows/dag/run-state';
import { DAGS } from '../../../workflows/dags';
import { useStores } from '../../support/stores';
import { useWorker } from '../../support/worker';

const { config, stores } = useStores();
useWorker(config, stores);

/** A day no earlier test run used, most likely: a random day of 2001–2099 (example_features runs daily at 03:00). */
function freshDate(): Date {
  return new Date(Date.UTC(2001, 0, 1, 6) + Math.floor(Math.random() * 36_000) * 86_400_000);
}

function task(result: { tasks: readonly TaskRunState[] }, id: string): TaskRunState {
  const t = result.tasks.find((x) => x.taskId === id);
  assert.ok(t, `no task ${id}`);
  return t;
}

describe('example_features DAG on the real Temporal server', () => {
  it('runs every feature, fails on the gate, and a clear reruns only what failed', async () => {
    const client = await stores.temporal.client();
    const run = await triggerDag(client, 'example_features', { conf: { items: 4, gateRequired: true }, date: freshDate() });
    assert.equal(run.started, true);
    assert.match(run.workflowId, /^dag:example_features:20\d\d-\d\d-\d\dT03:00:00\+09:00$/, 'the logical date is the start of the daily interval that contains the date');

    const live = await getRunState(client, run.workflowId);
    assert.equal(live.dagId, 'example_features');
    assert.equal(live.params.items, 4);

    const failed: RunResult = await waitForRun(client, run.workflowId, run.runId);
    assert.equal(failed.status, 'failed');
    assert.equal(task(failed, 'list_items').state, 'success');
    const processed = task(failed, 'process');
    assert.equal(processed.state, 'success');
    assert.deepEqual(processed.mapped?.map((m) => m.state), ['success', 'success', 'success', 'success']);
    assert.deepEqual(failed.outputs.process, ['item-0', 'item-1', 'item-2', 'item-3'].map((item) => ({ item: `${item}-done`, length: item.length + 5 })));
    assert.equal(task(failed, 'checks.wait_ready').state, 'success');
    assert.equal(task(failed, 'checks.wait_ready').attempts, 2, 'the sensor poked twice');
    assert.equal(task(failed, 'checks.flaky').state, 'success');
    assert.equal(task(failed, 'checks.flaky').attempts, 2, 'the flaky task succeeded on its retry');
    assert.equal(task(failed, 'checks.gate').state, 'failed');
    assert.match(task(failed, 'checks.gate').error ?? '', /gate closed/);
    assert.equal(task(failed, 'summarize').state, 'upstream_failed');
    assert.equal(task(failed, 'cleanup').state, 'success', 'all_done runs whatever happened');
    assert.equal(task(failed, 'alert').state, 'success', 'one_failed runs because the gate failed');

    const history = await client.workflow.getHandle(run.workflowId, run.runId).fetchHistory();
    const scheduled = (history.events ?? []).map((e) => e.activityTaskScheduledEventAttributes?.activityType?.name).filter(Boolean);
    assert.ok(scheduled.includes('notifyDagFailure'), 'the failure callback ran');

    await stores.redis.redis.set(exampleGateKey(run.workflowId), 'test', 'EX', 600);
    const cleared = await clearRun(client, 'example_features', run.logicalDate);
    assert.equal(cleared.mode, 'restarted');
    assert.deepEqual([...cleared.cleared].sort(), ['alert', 'checks.gate', 'summarize']);
    assert.ok(cleared.reused.includes('process') && cleared.reused.includes('checks.flaky'));

    const fixed = await waitForRun(client, run.workflowId, cleared.runId);
    assert.equal(fixed.status, 'success');
    assert.equal(task(fixed, 'checks.gate').state, 'success');
    assert.equal(task(fixed, 'checks.gate').attempts, 2, 'try numbers continue across a clear');
    assert.equal(task(fixed, 'process').reused, true);
    assert.equal(task(fixed, 'alert').state, 'skipped', 'no check failed this time');
    assert.deepEqual(fixed.outputs.summarize, { items: 4, totalLength: 4 * 11 });
  });

  it('clears a failed task inside a run that is still open', async () => {
    const client = await stores.temporal.client();
    // The sensor keeps the run open (12 pokes, 1 s apart) while the gate has already failed.
    const run = await triggerDag(client, 'example_features', { conf: { items: 1, readyAfterPokes: 12, gateRequired: true }, date: freshDate() });
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      const state = await getRunState(client, run.workflowId);
      if (task(state, 'checks.gate').state === 'failed') break;
      await new Promise((r) => setTimeout(r, 300));
    }
    const open = await getRunState(client, run.workflowId);
    assert.equal(open.status, 'running');
    assert.equal(task(open, 'checks.gate').state, 'failed');
    await stores.redis.redis.set(exampleGateKey(run.workflowId), 'test', 'EX', 600);
    const cleared = await clearRun(client, 'example_features', run.logicalDate);
    assert.equal(cleared.mode, 'signalled');
    const result = await waitForRun(client, run.workflowId, run.runId);
    assert.equal(result.status, 'success', 'the same execution finished successfully');
    assert.equal(task(result, 'checks.gate').attempts, 2);
    assert.equal(task(result, 'summarize').state, 'success');
  });

  it('rejects params that break the schema at trigger time', async () => {
    const client = await stores.temporal.client();
    await assert.rejects(triggerDag(client, 'example_features', { conf: { items: 99 }, date: freshDate() }), (err: unknown) => isCiaoError(err, 'DagParamsInvalid') && /items/.test(err.message));
  });

  it('never runs the same logical date twice: a second trigger finds the first run', async () => {
    const client = await stores.temporal.client();
    const date = freshDate();
    const first = await triggerDag(client, 'example_features', { conf: { items: 0, gateRequired: false }, date });
    const second = await triggerDag(client, 'example_features', { conf: { items: 0, gateRequired: false }, date });
    assert.equal(first.started, true);
    assert.equal(second.started, false);
    assert.equal(second.runId, first.runId);
    const result = await waitForRun(client, first.workflowId);
    assert.equal(result.status, 'success');
    assert.equal(task(result, 'process').state, 'skipped', 'a map over an empty list is skipped');
  });

  it('backfills one run per day, idempotently, and lists them as runs', async () => {
    const client = await stores.temporal.client();
    // Two daily intervals on a random pair of past days (backfills run only intervals that have ended) of
    // 2001–2025, so reruns of the test hardly ever meet their own earlier runs.
    const from = new Date(Date.UTC(2001, 0, 1) + Math.floor(Math.random() * 9_000) * 86_400_000);
    const to = new Date(from.getTime() + 2 * 86_400_000 - 1);
    const events: string[] = [];
    const first = await backfillDag(client, 'example_features', { from, to, conf: { items: 1, gateRequired: false }, onProgress: (p) => events.push(p.last?.event ?? '') });
    assert.deepEqual({ total: first.total, started: first.started, succeeded: first.succeeded, failed: first.failed }, { total: 2, started: 2, succeeded: 2, failed: 0 });
    assert.equal(events.filter((e) => e === 'succeeded').length, 2);
    const again = await backfillDag(client, 'example_features', { from, to, conf: { items: 1, gateRequired: false } });
    assert.equal(again.skipped, 2);
    assert.equal(again.started, 0);
    const runs = await listRuns(client, 'example_features', 200);
    const dates = new Set(runs.map((r) => r.logicalDate));
    assert.ok([...dates].filter((d) => new Date(d) >= new Date(from.getTime() - 86_400_000) && new Date(d) <= to).length >= 2, 'both runs are in the history');
  });

  it('syncs schedules idempotently and a fired schedule runs the interval that just ended', async () => {
    const client = await stores.temporal.client();
    await syncSchedules(client, DAGS);
    assert.deepEqual(await syncSchedules(client, DAGS), [], 'a second sync changes nothing');
    const handle = client.schedule.getHandle('dag:example_features');
    const desc = await handle.describe();
    assert.equal(desc.state.paused, true, 'created paused, as declared');
    const triggeredAt = new Date(Date.now() - 5000).toISOString();
    await handle.trigger();
    const deadline = Date.now() + 30_000;
    let child: string | undefined;
    // Other schedules (the hourly log DAGs) start scheduledDagRun too: look for this schedule's run only.
    const query = `WorkflowType = "scheduledDagRun" AND StartTime > "${triggeredAt}"`;
    while (!child && Date.now() < deadline) {
      for await (const wf of client.workflow.list({ query })) {
        if (wf.workflowId.startsWith('dag-schedule:example_features')) child = wf.workflowId;
      }
      if (!child) await new Promise((r) => setTimeout(r, 500));
    }
    assert.ok(child, 'the schedule started scheduledDagRun');
  });
});
