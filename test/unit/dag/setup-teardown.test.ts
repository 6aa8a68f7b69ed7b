import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dag } from '../../../workflows/dag/dsl';
import { indirectSetupsOf, outcomeTasks, tasksToClear } from '../../../workflows/dag/setup-teardown';
import type { TaskInvocation } from '../../../workflows/dag/task-context';
import { isCiaoError } from '../../../domain/errors';

type Acts = {
  noop: (input: TaskInvocation<Record<string, never>>) => Promise<{ ok: boolean }>;
};

/** create_cluster ──► work_a ──► work_b ──► delete_cluster (teardown) ; report after work_b */
function clusterDag(failRun = false) {
  return dag<Acts>('cluster_probe', { description: 'setup/teardown probe' }, (b) => {
    const create = b.setup('create_cluster', { activity: 'noop' });
    const a = b.task('work_a', { activity: 'noop', after: [create] });
    const w = b.task('work_b', { activity: 'noop', after: [a] });
    b.teardown('delete_cluster', { activity: 'noop', setups: [create], after: [w], ...(failRun ? { failRun } : {}) });
    b.task('report', { activity: 'noop', after: [w], trigger: 'all_done' });
  });
}

describe('setup and teardown tasks', () => {
  it('the DSL gives a teardown its setups as upstream and the all_done_setup_success rule', () => {
    const spec = clusterDag();
    const teardown = spec.tasks.find((t) => t.id === 'delete_cluster');
    assert.equal(teardown?.role, 'teardown');
    assert.equal(teardown?.triggerRule, 'all_done_setup_success');
    assert.deepEqual([...(teardown?.upstream ?? [])].sort(), ['create_cluster', 'work_b']);
    assert.equal(spec.tasks.find((t) => t.id === 'create_cluster')?.role, 'setup');
  });

  it('a task depending on a setup through others gets it as an indirect setup (teardowns do not)', () => {
    const indirect = indirectSetupsOf(clusterDag().tasks);
    assert.deepEqual(indirect.get('work_b'), ['create_cluster']);
    assert.deepEqual(indirect.get('report'), ['create_cluster']);
    assert.equal(indirect.get('work_a'), undefined, 'a direct setup is covered by the trigger rule');
    assert.equal(indirect.get('delete_cluster'), undefined);
  });

  it('clearing a work task also clears its setup and the setup’s teardown, not the setup’s other work', () => {
    const cleared = tasksToClear(clusterDag().tasks, ['work_b']);
    assert.deepEqual([...cleared].sort(), ['create_cluster', 'delete_cluster', 'report', 'work_b']);
  });

  it('a teardown does not decide the run unless failRun; its upstream work does', () => {
    assert.deepEqual(outcomeTasks(clusterDag().tasks), ['report']);
    assert.deepEqual(outcomeTasks(clusterDag(true).tasks).sort(), ['delete_cluster', 'report']);
    const withoutReport = clusterDag().tasks.filter((t) => t.id !== 'report');
    assert.deepEqual(outcomeTasks(withoutReport), ['work_b'], 'a leaf teardown’s upstream work counts in its place');
  });

  it('refuses a teardown whose setup is not a setup task', () => {
    assert.throws(
      () =>
        dag<Acts>('bad_teardown', { description: '' }, (b) => {
          const plain = b.task('plain', { activity: 'noop' });
          b.teardown('cleanup', { activity: 'noop', setups: [plain] });
        }),
      (err: unknown) => isCiaoError(err, 'DagInvalid') && /"plain" is not a setup task/.test(err.message),
    );
  });
});
