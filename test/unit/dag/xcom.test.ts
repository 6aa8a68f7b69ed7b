import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isCiaoError } from '../../../domain/errors';
import { assertXcomSize, jsonBytes, resolveXcoms } from '../../../workflows/dag/xcom';

describe('xcom', () => {
  const outputs = new Map<string, unknown>([
    ['extract', { path: '/ciao/products/raw/dt=2026-11-22/part.json', stats: { rows: 12 } }],
    ['list', ['a', 'b']],
  ]);

  it('replaces references (whole output and dotted paths) anywhere in the arguments', () => {
    const args = { path: { $xcom: 'extract', path: 'path' }, nested: [{ rows: { $xcom: 'extract', path: 'stats.rows' } }], all: { $xcom: 'list' }, fixed: 3 };
    assert.deepEqual(resolveXcoms(args, outputs), { path: '/ciao/products/raw/dt=2026-11-22/part.json', nested: [{ rows: 12 }], all: ['a', 'b'], fixed: 3 });
  });

  it('fails clearly on a missing field or a task without output', () => {
    assert.throws(() => resolveXcoms({ x: { $xcom: 'extract', path: 'nope' } }, outputs), /output of task "extract" has no field "nope"/);
    assert.throws(() => resolveXcoms({ x: { $xcom: 'ghost' } }, outputs), /task "ghost" has no output/);
  });

  it('counts UTF-8 bytes of the JSON form', () => {
    assert.equal(jsonBytes('무'), 5); // two quotes + 3 bytes
    assert.equal(jsonBytes({ a: 1 }), 7);
    assert.equal(jsonBytes(undefined), 0);
  });

  it('refuses an oversized output with XcomTooLarge and advice', () => {
    assert.doesNotThrow(() => assertXcomSize('t', 'x'.repeat(1000), 2048));
    assert.throws(
      () => assertXcomSize('big_task', 'x'.repeat(5000), 2048),
      (err: unknown) => isCiaoError(err, 'XcomTooLarge') && /task "big_task" returned 5 KiB.*limited to 2 KiB.*HDFS/.test(err.message),
    );
  });
});
