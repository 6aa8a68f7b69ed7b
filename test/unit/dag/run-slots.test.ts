import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { clearSlots, createSlots, outputsOf, runStateOf } from '../../../workflows/dag/run-slots';
import type { DagSpec, TaskSpec } from '../../../workflows/dag/spec';

const task = (id: string, upstream: string[] = []): TaskSpec => ({ id, kind: 'task', activity: 'noop', upstream, triggerRule: 'all_success' });
const dag: DagSpec = { id: 'slots_probe', description: '', defaults: { retry: {}, timeouts: {}, taskQueue: 'dags' }, runTimeout: '1h', tags: [], tasks: [task('a'), task('b', ['a']), task('c', ['b']), task('d')] };

describe('run state (run-slots)', () => {
  it('starts every task at none, with prior tries counted and reused outputs as success', () => {
    const slots = createSlots(dag, { reuse: { a: { output: { rows: 3 }, attempts: 2 } }, priorAttempts: { b: 1 } });
    assert.equal(slots.get('a')?.state, 'success');
    assert.equal(slots.get('a')?.reused, true);
    assert.equal(slots.get('b')?.attempts, 1);
    assert.deepEqual([...outputsOf(slots)], [['a', { rows: 3 }]]);
  });

  it('clears failed tasks and what depends on them, never a running one', () => {
    const slots = createSlots(dag, {});
    Object.assign(slots.get('a') ?? {}, { state: 'success', hasOutput: true, output: 1 });
    Object.assign(slots.get('b') ?? {}, { state: 'failed', error: 'boom' });
    Object.assign(slots.get('c') ?? {}, { state: 'upstream_failed' });
    Object.assign(slots.get('d') ?? {}, { state: 'running' });
    const cleared = clearSlots(dag, slots, new Set(['d']), undefined);
    assert.deepEqual([...cleared].sort(), ['b', 'c']);
    assert.equal(slots.get('b')?.state, 'none');
    assert.equal(slots.get('b')?.error, undefined);
    assert.equal(slots.get('b')?.note, 'cleared');
    assert.equal(slots.get('a')?.state, 'success', 'upstream successes stay');
    clearSlots(dag, slots, new Set(['d']), ['d']);
    assert.equal(slots.get('d')?.state, 'running', 'a running task is not cleared');
  });

  it('renders the state query in the given order with the DAG version', () => {
    const slots = createSlots({ ...dag, version: 'abcdefabcdef' }, {});
    const state = runStateOf({ dag: { ...dag, version: 'abcdefabcdef' }, runId: 'r', logicalDate: 'x', dataInterval: { start: 'x', end: 'y' }, params: {}, status: 'running', startedAt: 's' }, ['d', 'a', 'b', 'c'], slots);
    assert.deepEqual(state.tasks.map((t) => t.taskId), ['d', 'a', 'b', 'c']);
    assert.equal(state.dagVersion, 'abcdefabcdef');
    assert.equal('endedAt' in state, false);
  });
});
