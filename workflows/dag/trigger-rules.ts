/**
 * Airflow's trigger rules as a pure function: given the states of a task's upstream tasks, should it run,
 * be skipped, be marked upstream_failed, or wait? The rules and their edge cases follow Airflow's
 * `TriggerRuleDep` (Airflow 3.1), including which rules decide before every upstream task has finished.
 */
import type { TriggerRule } from './spec';

/** Every state a task instance can be in. */
export type TaskState =
  | 'none'
  | 'running'
  | 'up_for_retry'
  | 'up_for_reschedule'
  | 'success'
  | 'failed'
  | 'skipped'
  | 'upstream_failed';

/** States after which a task does nothing more (until cleared). */
export const FINISHED_STATES: ReadonlySet<TaskState> = new Set(['success', 'failed', 'skipped', 'upstream_failed']);

/** The decision for a task whose upstream states are known. */
export type TriggerDecision = 'run' | 'skip' | 'upstream_failed' | 'wait';

/** One upstream task as a trigger rule sees it. */
export interface UpstreamView {
  readonly state: TaskState;
  /** Whether it is a setup task (for `all_done_setup_success`). */
  readonly setup?: boolean;
}

/**
 * Decides what a task with `rule` does given its upstream tasks' states (plain states, or views that also
 * say which upstream tasks are setups). Rules that can decide early (`one_success`, `one_failed`,
 * `one_done`, `all_skipped`, `none_skipped` …) do so before every upstream task has finished, as in Airflow.
 */
export function evaluateTriggerRule(rule: TriggerRule, upstreamStates: readonly (TaskState | UpstreamView)[]): TriggerDecision {
  const upstream = upstreamStates.map((u) => (typeof u === 'string' ? { state: u } : u));
  if (upstream.length === 0 || rule === 'always') return 'run';
  const count = (pred: (u: UpstreamView) => boolean): number => upstream.filter(pred).length;
  const total = upstream.length;
  const success = count((u) => u.state === 'success');
  const failed = count((u) => u.state === 'failed');
  const upstreamFailed = count((u) => u.state === 'upstream_failed');
  const skipped = count((u) => u.state === 'skipped');
  const done = count((u) => FINISHED_STATES.has(u.state));
  const allDone = done === total;
  const anyFailed = failed + upstreamFailed > 0;

  switch (rule) {
    case 'all_success':
      if (anyFailed) return 'upstream_failed';
      if (skipped > 0) return 'skip';
      return allDone ? 'run' : 'wait';
    case 'all_failed':
      if (success > 0 || skipped > 0) return 'skip';
      return allDone ? 'run' : 'wait';
    case 'all_done':
      return allDone ? 'run' : 'wait';
    case 'one_success':
      if (success > 0) return 'run';
      if (!allDone) return 'wait';
      return done === skipped ? 'skip' : 'upstream_failed';
    case 'one_failed':
      if (anyFailed) return 'run';
      return allDone ? 'skip' : 'wait';
    case 'one_done':
      // "Done" here is success or failed; upstream_failed and skipped do not count.
      if (success + failed > 0) return 'run';
      return allDone ? 'skip' : 'wait';
    case 'none_failed':
      if (anyFailed) return 'upstream_failed';
      return allDone ? 'run' : 'wait';
    case 'none_failed_min_one_success':
      if (anyFailed) return 'upstream_failed';
      if (skipped === total) return 'skip';
      if (!allDone) return 'wait';
      return success > 0 ? 'run' : 'skip';
    case 'none_skipped':
      if (skipped > 0) return 'skip';
      return allDone ? 'run' : 'wait';
    case 'all_skipped':
      if (success + failed + upstreamFailed > 0) return 'skip';
      return skipped === total ? 'run' : 'wait';
    case 'all_done_min_one_success':
      // Skipped upstream tasks are not "done" for this rule: any skip skips it.
      if (skipped > 0) return 'skip';
      if (!allDone) return 'wait';
      return success > 0 ? 'run' : 'upstream_failed';
    case 'all_done_setup_success': {
      if (!allDone) return 'wait';
      const setups = upstream.filter((u) => u.setup);
      if (setups.length === 0) return 'run';
      if (setups.every((u) => u.state === 'skipped')) return 'skip';
      return setups.some((u) => u.state === 'success') ? 'run' : 'upstream_failed';
    }
  }
}

/**
 * The setup constraint of a task that is not a teardown: every setup it depends on indirectly (through other
 * tasks) must have succeeded. A failed one fails it upstream, a skipped one skips it, at once.
 */
export function evaluateSetupConstraint(indirectSetups: readonly TaskState[]): TriggerDecision {
  if (indirectSetups.some((s) => s === 'failed' || s === 'upstream_failed')) return 'upstream_failed';
  if (indirectSetups.some((s) => s === 'skipped')) return 'skip';
  return indirectSetups.every((s) => s === 'success') ? 'run' : 'wait';
}
