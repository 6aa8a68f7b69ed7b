import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isCiaoError, type DagCode } from '../../../domain/errors';
import type { DagSpec, TaskSpec } from '../../../workflows/dag/spec';
import { downstreamClosure, findCycle, topologicalOrder } from '../../../workflows/dag/graph';
import { validateDag } from '../../../workflows/dag/validate';

const task = (id: string, upstream: string[] = [], extra: Partial<TaskSpec> = {}): TaskSpec => ({ id, kind: 'task', activity: 'noop', upstream, triggerRule: 'all_success', ...extra });
const spec = (tasks: TaskSpec[], extra: Partial<DagSpec> = {}): DagSpec => ({
  id: 'my_dag',
  description: 'test',
  defaults: { retry: { attempts: 3 }, timeouts: { startToClose: '1m' }, taskQueue: 'dags' },
  runTimeout: '1h',
  tags: [],
  tasks,
  ...extra,
});
const rejects = (dag: DagSpec, code: DagCode, message: RegExp): void => {
  assert.throws(() => validateDag(dag), (err: unknown) => {
    assert.ok(isCiaoError(err, code), `expected ${code}, got ${String(err)}`);
    assert.match(err.message, message);
    return true;
  });
};

describe('validateDag', () => {
  it('accepts a well-formed DAG', () => {
    assert.doesNotThrow(() => validateDag(spec([task('a'), task('b', ['a']), task('c', ['a', 'b'])], { schedule: { cron: '0 2 * * 0' } })));
  });

  it('rejects a cycle and names its path', () => {
    rejects(spec([task('a', ['c']), task('b', ['a']), task('c', ['b']), task('d')]), 'DagCycle', /DAG "my_dag": cycle (a → b → c → a|b → c → a → b|c → a → b → c)/);
  });

  it('rejects a task that depends on itself', () => {
    rejects(spec([task('a', ['a'])]), 'DagCycle', /task "a": depends on itself/);
  });

  it('rejects an unknown dependency, naming the DAG and the task', () => {
    rejects(spec([task('a'), task('b', ['nope'])]), 'DagUnknownTask', /DAG "my_dag", task "b": depends on unknown task "nope"/);
  });

  it('rejects duplicate task ids', () => {
    rejects(spec([task('a'), task('a')]), 'DagDuplicateTask', /task id "a" is used twice/);
  });

  it('rejects an unknown trigger rule and lists the valid ones', () => {
    rejects(spec([task('a', [], { triggerRule: 'some_success' as TaskSpec['triggerRule'] })]), 'DagInvalid', /unknown trigger rule "some_success" \(one of all_success/);
  });

  it('rejects a bad cron with the field that is wrong', () => {
    rejects(spec([task('a')], { schedule: { cron: '0 25 * * *' } }), 'DagInvalid', /bad cron "0 25 \* \* \*": hour field "25"/);
    rejects(spec([task('a')], { schedule: { cron: '0 2 * *' } }), 'DagInvalid', /expected 5 fields/);
  });

  it('rejects an unknown timezone', () => {
    rejects(spec([task('a')], { schedule: { cron: '@daily', timezone: 'Asia/Busan' } }), 'DagInvalid', /unknown timezone "Asia\/Busan"/);
  });

  it('rejects ids that are not snake_case', () => {
    rejects(spec([task('a')], { id: 'My-Dag' }), 'DagInvalid', /snake_case/);
    rejects(spec([task('Load Data')]), 'DagInvalid', /task "Load Data": id must be snake_case/);
  });

  it('rejects bad durations and retry settings', () => {
    rejects(spec([task('a', [], { timeouts: { startToClose: 'soon' } })]), 'DagInvalid', /"soon" is not a duration/);
    rejects(spec([task('a', [], { retry: { attempts: 0 } })]), 'DagInvalid', /attempts must be an integer ≥ 1/);
  });

  it('rejects reading the output of a task that is not upstream', () => {
    rejects(spec([task('a'), task('b', [], { input: { x: { $xcom: 'a' } } })]), 'DagUnknownTask', /reads the output of "a", which is not upstream/);
  });

  it('rejects an empty DAG', () => {
    rejects(spec([]), 'DagInvalid', /has no tasks/);
  });
});

describe('graph helpers', () => {
  it('finds no cycle in a diamond', () => {
    assert.equal(findCycle([task('a'), task('b', ['a']), task('c', ['a']), task('d', ['b', 'c'])]), undefined);
  });

  it('orders tasks after their upstream tasks, keeping declaration order among ready ones', () => {
    const order = topologicalOrder([task('d', ['b', 'c']), task('c', ['a']), task('b', ['a']), task('a')]);
    assert.deepEqual(order, ['a', 'c', 'b', 'd']);
  });

  it('reports the path of a cycle in execution order', () => {
    assert.deepEqual(findCycle([task('a', ['c']), task('b', ['a']), task('c', ['b']), task('d', ['c'])]), ['a', 'b', 'c', 'a']);
  });

  it('handles a 10,000-task chain with a back edge without overflowing the stack, naming the cycle', () => {
    const n = 10_000;
    const tasks = Array.from({ length: n }, (_, i) => task(`t${i}`, i === 0 ? [`t${n - 1}`] : [`t${i - 1}`]));
    const cycle = findCycle(tasks);
    assert.equal(cycle?.length, n + 1);
    assert.equal(cycle?.[0], cycle?.[n]);
    rejects(spec(tasks), 'DagCycle', /cycle t\d+ → t\d+ → /);
    const acyclic = tasks.map((t, i) => (i === 0 ? task('t0') : t));
    const order = topologicalOrder(acyclic);
    assert.equal(order.length, n);
    assert.equal(order[0], 't0');
    assert.equal(order[n - 1], `t${n - 1}`);
    assert.equal(downstreamClosure(acyclic, ['t5000']).size, 5000);
  });

  it('validates a wide 10,000-task DAG (fan-out and fan-in)', () => {
    const fan = Array.from({ length: 9_998 }, (_, i) => task(`w${i}`, ['start']));
    validateDag(spec([task('start'), ...fan, task('end', fan.map((t) => t.id))]));
  });
});
