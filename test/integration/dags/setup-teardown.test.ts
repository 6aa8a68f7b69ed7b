import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Activities } from '../../../activities';
import { exampleGateKey } from '../../../activities/examples/feature-tour';
import { clearRun } from '../../../control/clear';
import { startRun, waitForRun } from '../../../control/runs';
import { dag } from '../../../workflows/dag/dsl';
import type { RunResult } from '../../../workflows/dag/run-state';
import type { DagSpec } from '../../../workflows/dag/spec';
import { useStores, uniqueSuffix } from '../../support/stores';
import { useWorker } from '../../support/worker';

const { config, stores } = useStores();
useWorker(config, stores);

/**
 * create_cluster (setup) ──► work ──► delete_cluster (teardown of create_cluster). `work` and the teardown
 * use the example gate, which fails when `required` (until its Redis key is set).
 */
function clusterDag(id: string, opts: { workFails: boolean; teardownFails: boolean; failRun?: boolean }): DagSpec {
  return dag<Activities>(id, { description: 'setup/teardown on the real server', defaults: { retry: { attempts: 1 }, timeouts: { startToClose: '30s' } }, runTimeout: '5m' }, (b) => {
    const create = b.setup('create_cluster', { activity: 'exampleCleanup', args: {} });
    const work = b.task('work', { activity: 'exampleGate', args: { required: opts.workFails }, after: [create] });
    b.teardown('delete_cluster', { activity: 'exampleGate', args: { required: opts.teardownFails }, setups: [create], after: [work], ...(opts.failRun ? { failRun: true } : {}) });
  });
}

const stateOf = (r: RunResult, id: string) => r.tasks.find((t) => t.taskId === id);

async function run(spec: DagSpec): Promise<{ result: RunResult; logicalDate: string }> {
  const client = await stores.temporal.client();
  const logicalDate = `2031-01-01T00:00:00+09:00`;
  const started = await startRun(client, spec, { logicalDate, dataInterval: { start: logicalDate, end: logicalDate }, params: {} });
  return { result: await waitForRun(client, started.workflowId, started.runId), logicalDate };
}

describe('setup and teardown tasks on the real Temporal server', () => {
  it('runs the teardown after failed work, and the run fails because of the work', async () => {
    const { result } = await run(clusterDag(`st_work_fails_${uniqueSuffix()}`, { workFails: true, teardownFails: false }));
    assert.equal(stateOf(result, 'work')?.state, 'failed');
    assert.equal(stateOf(result, 'delete_cluster')?.state, 'success', 'the teardown cleaned up after the failure');
    assert.equal(result.status, 'failed');
  });

  it('a failed teardown does not fail the run, unless failRun', async () => {
    const lenient = await run(clusterDag(`st_td_fails_${uniqueSuffix()}`, { workFails: false, teardownFails: true }));
    assert.equal(stateOf(lenient.result, 'delete_cluster')?.state, 'failed');
    assert.equal(lenient.result.status, 'success');
    const strict = await run(clusterDag(`st_td_fails_strict_${uniqueSuffix()}`, { workFails: false, teardownFails: true, failRun: true }));
    assert.equal(strict.result.status, 'failed');
  });

  it('clearing the failed work reruns its setup and teardown too', async () => {
    const spec = clusterDag(`st_clear_${uniqueSuffix()}`, { workFails: true, teardownFails: false });
    const first = await run(spec);
    const client = await stores.temporal.client();
    // The example gate opens when its Redis key exists for the run; let the rerun succeed.
    await stores.redis.redis.set(exampleGateKey(`dag:${spec.id}:${first.logicalDate}`), 'test', 'EX', 600);
    const cleared = await clearRun(client, spec.id, first.logicalDate, { taskIds: ['work'] }, { dag: spec });
    assert.deepEqual([...cleared.cleared].sort(), ['create_cluster', 'delete_cluster', 'work']);
    const rerun = await waitForRun(client, cleared.workflowId, cleared.runId);
    assert.equal(rerun.status, 'success');
    assert.equal(stateOf(rerun, 'create_cluster')?.attempts, 2, 'the setup ran again');
    assert.equal(stateOf(rerun, 'delete_cluster')?.attempts, 2, 'the teardown ran again');
  });
});
