import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evaluateTriggerRule as rule } from '../../../workflows/dag/trigger-rules';

describe('trigger rules', () => {
  it('all_success runs when all succeeded, fails upstream on a failure, skips on a skip, else waits', () => {
    assert.equal(rule('all_success', ['success', 'success']), 'run');
    assert.equal(rule('all_success', ['success', 'failed']), 'upstream_failed');
    assert.equal(rule('all_success', ['success', 'upstream_failed']), 'upstream_failed');
    assert.equal(rule('all_success', ['success', 'skipped']), 'skip');
    assert.equal(rule('all_success', ['success', 'running']), 'wait');
  });

  it('all_done runs once everything finished, whatever the outcome', () => {
    assert.equal(rule('all_done', ['failed', 'skipped', 'success']), 'run');
    assert.equal(rule('all_done', ['failed', 'running']), 'wait');
  });

  it('all_failed runs only when every upstream failed', () => {
    assert.equal(rule('all_failed', ['failed', 'upstream_failed']), 'run');
    assert.equal(rule('all_failed', ['failed', 'success']), 'skip');
    assert.equal(rule('all_failed', ['failed', 'running']), 'wait');
  });

  it('one_success runs as soon as one succeeded, even before the others finish', () => {
    assert.equal(rule('one_success', ['success', 'running']), 'run');
    assert.equal(rule('one_success', ['failed', 'failed']), 'upstream_failed');
    assert.equal(rule('one_success', ['skipped', 'skipped']), 'skip');
    assert.equal(rule('one_success', ['failed', 'running']), 'wait');
  });

  it('one_failed runs as soon as one failed and skips when none did', () => {
    assert.equal(rule('one_failed', ['failed', 'running']), 'run');
    assert.equal(rule('one_failed', ['success', 'skipped']), 'skip');
    assert.equal(rule('one_failed', ['success', 'running']), 'wait');
  });

  it('none_failed runs when nothing failed, skipped upstream included', () => {
    assert.equal(rule('none_failed', ['success', 'skipped']), 'run');
    assert.equal(rule('none_failed', ['skipped', 'skipped']), 'run');
    assert.equal(rule('none_failed', ['success', 'failed']), 'upstream_failed');
  });

  it('none_failed_min_one_success needs one success and no failure', () => {
    assert.equal(rule('none_failed_min_one_success', ['success', 'skipped']), 'run');
    assert.equal(rule('none_failed_min_one_success', ['skipped', 'skipped']), 'skip');
    assert.equal(rule('none_failed_min_one_success', ['success', 'upstream_failed']), 'upstream_failed');
  });

  it('always runs at once, and every rule runs a task without upstream', () => {
    assert.equal(rule('always', ['running', 'none']), 'run');
    assert.equal(rule('all_failed', []), 'run');
  });
});
