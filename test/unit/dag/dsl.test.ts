import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isCiaoError } from '../../../domain/errors';
import { dag } from '../../../workflows/dag/dsl';
import { canonicalJson } from '../../../workflows/dag/version';
import type { FakeActivities } from './fixtures';

describe('dag() DSL', () => {
  it('binds tasks to activities and infers dependencies from the outputs they read', () => {
    const spec = dag<FakeActivities>('products', { description: 'd', schedule: { cron: '0 2 * * 0' } }, (b) => {
      const extract = b.task('extract', { activity: 'extract', args: { source: 'shop-a' } });
      const transform = b.task('transform', { activity: 'transform', args: { path: extract.field('path') } });
      b.task('alert', { activity: 'alert', args: { channel: 'log' }, after: [transform], trigger: 'one_failed' });
    });
    const byId = Object.fromEntries(spec.tasks.map((t) => [t.id, t]));
    assert.deepEqual(byId.transform?.upstream, ['extract']);
    assert.deepEqual(byId.transform?.input, { path: { $xcom: 'extract', path: 'path' } });
    assert.equal(byId.alert?.triggerRule, 'one_failed');
    assert.deepEqual(byId.alert?.upstream, ['transform']);
    assert.equal(spec.defaults.retry.attempts, undefined, 'no try limit by default: the budget decides');
    assert.equal(spec.defaults.retry.budget, '30m');
    assert.equal(spec.defaults.taskQueue, 'dags');
  });

  it('declares map fan-out, sensors and groups with prefixed ids', () => {
    const spec = dag<FakeActivities>('fanout', { description: 'd' }, (b) => {
      const extract = b.task('extract', { activity: 'extract', args: { source: 's' } });
      b.group('load', (g) => {
        const ready = g.sensor('wait_file', { activity: 'waitForFile', args: { path: extract.field('path') }, pokeInterval: '1s', timeout: '10s', softFail: true });
        g.map('index_files', { activity: 'indexFile', over: extract.field('files'), args: { index: 'products' }, concurrency: 2, after: [ready] });
      });
    });
    const map = spec.tasks.find((t) => t.id === 'load.index_files');
    assert.equal(map?.kind, 'map');
    assert.equal(map?.group, 'load');
    assert.deepEqual(map?.map, { over: { $xcom: 'extract', path: 'files' }, concurrency: 2, maxItems: 1000 });
    assert.deepEqual([...(map?.upstream ?? [])].sort(), ['extract', 'load.wait_file']);
    const sensor = spec.tasks.find((t) => t.id === 'load.wait_file');
    assert.deepEqual(sensor?.sensor, { pokeInterval: '1s', timeout: '10s', softFail: true });
  });

  it('chains tasks in order', () => {
    const spec = dag<FakeActivities>('chained', { description: 'd' }, (b) => {
      const a = b.task('a', { activity: 'alert', args: { channel: 'x' } });
      const c = b.task('c', { activity: 'alert', args: { channel: 'x' } });
      const d = b.task('d', { activity: 'alert', args: { channel: 'x' } });
      b.chain(a, c, d);
    });
    assert.deepEqual(spec.tasks.map((t) => [t.id, t.upstream]), [['a', []], ['c', ['a']], ['d', ['c']]]);
  });

  it('refuses a chain that closes a cycle', () => {
    assert.throws(
      () =>
        dag<FakeActivities>('loop', { description: 'd' }, (b) => {
          const a = b.task('a', { activity: 'alert', args: { channel: 'x' } });
          const c = b.task('c', { activity: 'alert', args: { channel: 'x' }, after: [a] });
          b.chain(c, a);
        }),
      (err: unknown) => isCiaoError(err, 'DagCycle') && /DAG "loop": cycle/.test(err.message),
    );
  });
});

describe('DAG versions', () => {
  it('fingerprints the spec: the same declaration gives the same version, any change a new one', () => {
    const make = (attempts: number) =>
      dag<FakeActivities>('versioned', { description: 'v', defaults: { retry: { attempts } } }, (b) => {
        const a = b.task('a', { activity: 'alert', args: { channel: 'log' } });
        b.task('b', { activity: 'alert', args: { channel: 'log' }, after: [a] });
      });
    assert.match(make(3).version ?? '', /^[0-9a-f]{12}$/);
    assert.equal(make(3).version, make(3).version);
    assert.notEqual(make(3).version, make(4).version);
    assert.equal(canonicalJson({ b: 1, a: [{ d: 2, c: undefined }] }), '{"a":[{"d":2}],"b":1}');
  });
});
