/**
 * The DAG layer's limits on the real Temporal server: a sensor's timeout (failing, or skipped with softFail),
 * a map's maxItems, and a run's runTimeout — with test-only DAGs (limit-dags.ts).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { waitForRun } from '../../../control/runs';
import { randomMinuteIn, scheduledActivities, startTestDag, taskOf } from '../../support/dag-runs';
import { useStores } from '../../support/stores';
import { useWorker } from '../../support/worker';
import { mapOverflowDag, runTimeoutDag, sensorTimeoutDag } from './limit-dags';

const { config, stores } = useStores();
useWorker(config, stores);

/** Logical dates of this file: minutes of 2005, which no other test uses. */
const freshDate = (): Date => randomMinuteIn(2005);

describe('DAG limits on the real Temporal server', () => {
  it('fails a sensor that is not satisfied before its timeout, and what depends on it', async () => {
    const client = await stores.temporal.client();
    const run = await startTestDag(client, sensorTimeoutDag(false), { date: freshDate() });
    const result = await waitForRun(client, run.workflowId, run.runId);
    assert.equal(result.status, 'failed');
    const sensor = taskOf(result, 'wait_forever');
    assert.equal(sensor.state, 'failed');
    assert.match(sensor.error ?? '', /^sensor timed out after \d+ pokes \(last: \d+ of 1000 pokes\)$/);
    assert.ok(sensor.attempts >= 2 && sensor.attempts <= 5, `poked about every second for 3 s: ${sensor.attempts} pokes`);
    const waited = Date.parse(sensor.endedAt ?? '') - Date.parse(sensor.startedAt ?? '');
    assert.ok(waited >= 2000 && waited < 30_000, `waited ${waited} ms`);
    assert.equal(taskOf(result, 'after_sensor').state, 'upstream_failed');
    assert.ok(!(await scheduledActivities(client, run.workflowId, run.runId)).includes('exampleCleanup'), 'the task after it never ran');
  });

  it('skips a softFail sensor at its timeout, skips what depends on it, and the run succeeds', async () => {
    const client = await stores.temporal.client();
    const run = await startTestDag(client, sensorTimeoutDag(true), { date: freshDate() });
    const result = await waitForRun(client, run.workflowId, run.runId);
    assert.equal(result.status, 'success');
    const sensor = taskOf(result, 'wait_forever');
    assert.equal(sensor.state, 'skipped');
    assert.match(sensor.note ?? '', /^sensor timed out after \d+ pokes .*soft fail → skipped$/);
    assert.equal(sensor.error, undefined);
    assert.equal(taskOf(result, 'after_sensor').state, 'skipped');
  });

  it('fails a map over more items than its maxItems before running any item; maxItems itself is allowed', async () => {
    const client = await stores.temporal.client();
    const over = await startTestDag(client, mapOverflowDag, { date: freshDate(), conf: { items: 5 } });
    const failed = await waitForRun(client, over.workflowId, over.runId);
    assert.equal(failed.status, 'failed');
    const map = taskOf(failed, 'process');
    assert.equal(map.state, 'failed');
    assert.match(map.error ?? '', /maps over 5 items; the limit is 3 \[DagInvalid\]/);
    assert.equal(map.mapped, undefined, 'no item was started');
    assert.equal(taskOf(failed, 'summarize').state, 'upstream_failed');
    assert.deepEqual(
      (await scheduledActivities(client, over.workflowId, over.runId)).filter((a) => a !== 'exampleListItems'),
      [],
      'no item activity was scheduled',
    );

    const atLimit = await startTestDag(client, mapOverflowDag, { date: freshDate(), conf: { items: 3 } });
    const ok = await waitForRun(client, atLimit.workflowId, atLimit.runId);
    assert.equal(ok.status, 'success');
    assert.deepEqual(taskOf(ok, 'process').mapped?.map((m) => m.state), ['success', 'success', 'success']);
  });

  it('ends a run that outlives its runTimeout, before the tasks still waiting run', { timeout: 60_000 }, async () => {
    const client = await stores.temporal.client();
    const run = await startTestDag(client, runTimeoutDag, { date: freshDate() });
    const handle = client.workflow.getHandle(run.workflowId, run.runId);
    await assert.rejects(handle.result(), 'the run does not end normally');
    const desc = await handle.describe();
    assert.equal(desc.status.name, 'TIMED_OUT');
    const lasted = (desc.closeTime?.getTime() ?? 0) - desc.startTime.getTime();
    assert.ok(lasted >= 5000 && lasted < 30_000, `closed ${lasted} ms after it started (runTimeout 5 s)`);
    const scheduled = await scheduledActivities(client, run.workflowId, run.runId);
    assert.ok(scheduled.includes('exampleWaitReady'), 'the sensor was poking');
    assert.ok(!scheduled.includes('exampleCleanup'), 'the task after the sensor never ran');
  });
});
