import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evaluateSetupConstraint, evaluateTriggerRule as rule } from '../../../workflows/dag/trigger-rules';

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

  it('one_done runs once one upstream succeeded or failed; upstream_failed and skipped do not count', () => {
    assert.equal(rule('one_done', ['success', 'running']), 'run');
    assert.equal(rule('one_done', ['failed', 'running']), 'run');
    assert.equal(rule('one_done', ['upstream_failed', 'running']), 'wait');
    assert.equal(rule('one_done', ['skipped', 'upstream_failed']), 'skip');
    assert.equal(rule('one_done', ['skipped', 'skipped']), 'skip');
  });

  it('none_skipped skips as soon as one upstream skipped, else runs when all are done whatever their outcome', () => {
    assert.equal(rule('none_skipped', ['skipped', 'running']), 'skip');
    assert.equal(rule('none_skipped', ['success', 'failed']), 'run');
    assert.equal(rule('none_skipped', ['upstream_failed', 'success']), 'run');
    assert.equal(rule('none_skipped', ['success', 'running']), 'wait');
  });

  it('all_skipped runs only when every upstream was skipped, and skips as soon as one ran', () => {
    assert.equal(rule('all_skipped', ['skipped', 'skipped']), 'run');
    assert.equal(rule('all_skipped', ['success', 'running']), 'skip');
    assert.equal(rule('all_skipped', ['upstream_failed', 'skipped']), 'skip');
    assert.equal(rule('all_skipped', ['skipped', 'running']), 'wait');
  });

  it('all_done_min_one_success runs when all are done and one succeeded; a skip skips it, no success fails it upstream', () => {
    assert.equal(rule('all_done_min_one_success', ['success', 'failed']), 'run');
    assert.equal(rule('all_done_min_one_success', ['success', 'upstream_failed']), 'run');
    assert.equal(rule('all_done_min_one_success', ['failed', 'failed']), 'upstream_failed');
    assert.equal(rule('all_done_min_one_success', ['success', 'skipped']), 'skip');
    assert.equal(rule('all_done_min_one_success', ['skipped', 'running']), 'skip');
    assert.equal(rule('all_done_min_one_success', ['success', 'running']), 'wait');
  });

  it('all_done_setup_success (teardowns) runs when all are done and a setup succeeded, even after failed work', () => {
    const setup = (state: 'success' | 'failed' | 'skipped' | 'running') => ({ state, setup: true });
    assert.equal(rule('all_done_setup_success', [setup('success'), { state: 'failed' }]), 'run');
    assert.equal(rule('all_done_setup_success', [setup('success'), { state: 'running' }]), 'wait');
    assert.equal(rule('all_done_setup_success', [setup('failed'), { state: 'upstream_failed' }]), 'upstream_failed');
    assert.equal(rule('all_done_setup_success', [setup('skipped'), { state: 'skipped' }]), 'skip');
    assert.equal(rule('all_done_setup_success', [setup('success'), setup('failed'), { state: 'success' }]), 'run');
    assert.equal(rule('all_done_setup_success', [{ state: 'failed' }]), 'run', 'without setups it is all_done');
  });

  it('the setup constraint fails a task upstream when an indirect setup failed, skips it when one skipped, else waits for all', () => {
    assert.equal(evaluateSetupConstraint(['success', 'failed']), 'upstream_failed');
    assert.equal(evaluateSetupConstraint(['skipped', 'success']), 'skip');
    assert.equal(evaluateSetupConstraint(['success', 'running']), 'wait');
    assert.equal(evaluateSetupConstraint(['success']), 'run');
  });
});
