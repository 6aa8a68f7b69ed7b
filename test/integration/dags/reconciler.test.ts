import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Activities } from '../../../activities';
import { exampleGateKey } from '../../../activities/examples/feature-tour';
import { failedIntervals } from '../../../control/failed-runs';
import { reconcileFailedRuns, type ReconcileReport } from '../../../control/reconcile';
import { manualRunInterval } from '../../../control/run-interval';
import { getRunState, startRun, waitForRun } from '../../../control/runs';
import { closeStores, createStores, type Stores } from '../../../infra/stores';
import { dag } from '../../../workflows/dag/dsl';
import { dagRunWorkflowId } from '../../../workflows/dag/ids';
import { uniqueSuffix, useStores } from '../../support/stores';
import { startTcpProxy, type TcpProxy } from '../../support/tcp-proxy';
import { useWorker } from '../../support/worker';

const { config, stores } = useStores();
// The runs' workflows on the usual `dags` queue; the test DAG's task on a queue of its own, served by a
// worker whose Redis is reached through a proxy the test cuts: Redis is "down" for that task only.
useWorker(config, stores);
const suffix = uniqueSuffix();
const queue = `reconcile-${suffix}`;
let proxy: TcpProxy;
let proxiedStores: Stores | undefined;
before(async () => {
  const redis = new URL(config.redis.url);
  proxy = await startTcpProxy(redis.hostname, Number(redis.port || 6379));
});
useWorker(
  config,
  () => {
    const url = new URL(config.redis.url);
    url.port = String(proxy.port);
    proxiedStores = createStores({ ...config, redis: { ...config.redis, url: url.toString() } });
    return proxiedStores;
  },
  queue,
);
after(async () => {
  if (proxiedStores) await closeStores(proxiedStores);
  await proxy.close();
});

/** An hourly DAG whose one task reads Redis (the example gate: it passes once its key is set). */
const testDag = dag<Activities>(
  `test_reconcile_${suffix}`,
  {
    description: 'Test: a scheduled interval that failed while Redis was down',
    schedule: { cron: '0 * * * *', timezone: 'Asia/Seoul' },
    defaults: { retry: { attempts: 2, initialInterval: '500ms' }, timeouts: { startToClose: '20s' }, taskQueue: queue },
    runTimeout: '5m',
  },
  (b) => {
    b.task('read_gate', { activity: 'exampleGate', args: { required: true } });
  },
);

/** Reconciles until the listing shows the failed run (visibility may trail the run's close by a moment). */
async function reconcileUntilFound(options: Parameters<typeof reconcileFailedRuns>[1]): Promise<ReconcileReport> {
  const client = await stores.temporal.client();
  for (let i = 0; ; i++) {
    const report = await reconcileFailedRuns(client, options);
    if (report.failed > 0 || i >= 20) return report;
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('dag_reconciler: a scheduled interval that failed during an outage runs again once the store is back', () => {
  it('a task fails while Redis is unreachable; the reconciler’s clear makes the interval succeed', { timeout: 120_000 }, async () => {
    const client = await stores.temporal.client();
    const interval = manualRunInterval(testDag, new Date(Date.now() - 2 * 3_600_000).toISOString(), new Date());
    const workflowId = dagRunWorkflowId(testDag.id, interval.logicalDate);
    await stores.redis.redis.set(exampleGateKey(workflowId), 'open', 'EX', 600);

    await proxy.cut();
    const run = await startRun(client, testDag, { ...interval, params: {} });
    const failed = await waitForRun(client, workflowId, run.runId);
    assert.equal(failed.status, 'failed');
    const task = failed.tasks.find((t) => t.taskId === 'read_gate');
    assert.equal(task?.attempts, 2);
    assert.doesNotMatch(task?.error ?? '', /gate closed/, `failed because Redis was unreachable: ${task?.error}`);
    assert.deepEqual((await failedIntervals(client, testDag.id)).map((i) => i.latest.logicalDate), [interval.logicalDate], 'the failed interval is listed');

    await proxy.restore();
    const report = await reconcileUntilFound({ dags: [testDag], intervals: 24, maxClears: 5, maxAutoClears: 3 });
    assert.deepEqual(report.cleared.map((r) => [r.dagId, r.logicalDate, r.executions]), [[testDag.id, interval.logicalDate, 1]]);

    const rerun = await waitForRun(client, workflowId);
    assert.equal(rerun.status, 'success', JSON.stringify(rerun.tasks));
    assert.equal((await getRunState(client, workflowId)).tasks[0]?.attempts, 3, 'try numbers go on counting: 2 tries, then the rerun’s');
    const again = await reconcileFailedRuns(client, { dags: [testDag] });
    assert.equal(again.failed, 0, 'nothing left to clear');
    assert.deepEqual(await failedIntervals(client, testDag.id), []);
  });

  it('leaves an interval that keeps failing after maxAutoClears clears, and defers beyond maxClears', { timeout: 120_000 }, async () => {
    const client = await stores.temporal.client();
    await proxy.cut();
    const hours = [3, 4, 5].map((h) => manualRunInterval(testDag, new Date(Date.now() - h * 3_600_000).toISOString(), new Date()));
    for (const interval of hours) {
      const run = await startRun(client, testDag, { ...interval, params: {} });
      await waitForRun(client, run.workflowId, run.runId);
    }
    const first = await reconcileUntilFound({ dags: [testDag], maxClears: 2, maxAutoClears: 1 });
    assert.equal(first.failed, 3);
    assert.deepEqual(first.cleared.map((r) => r.logicalDate), [hours[2]?.logicalDate, hours[1]?.logicalDate], 'oldest first, 2 per pass');
    assert.deepEqual(first.deferred.map((r) => r.logicalDate), [hours[0]?.logicalDate]);
    for (const r of first.cleared) await waitForRun(client, dagRunWorkflowId(testDag.id, r.logicalDate));
    // Redis is still down: the reruns failed too. Wait until the listing shows their second executions.
    let second: ReconcileReport | undefined;
    for (let i = 0; i < 20 && second?.gaveUp.length !== 2; i++) {
      await new Promise((r) => setTimeout(r, 250));
      second = await reconcileFailedRuns(client, { dags: [testDag], maxClears: 2, maxAutoClears: 1 });
    }
    assert.deepEqual(second?.gaveUp.map((r) => r.logicalDate), [hours[2]?.logicalDate, hours[1]?.logicalDate], 'cleared once already: left for a person');
    assert.deepEqual(second?.cleared.map((r) => r.logicalDate), [hours[0]?.logicalDate]);
    await waitForRun(client, dagRunWorkflowId(testDag.id, hours[0]?.logicalDate ?? ''));
    await proxy.restore();
  });
});
