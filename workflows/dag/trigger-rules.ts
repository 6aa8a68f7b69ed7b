/**
 * Airflow's trigger rules as a pure function: given the states of a task's upstream tasks, should it run,
 * be skipped, be marked upstream_failed, or wait?
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

const isFailed = (s: TaskState): boolean => s === 'failed' || s === 'upstream_failed';

/**
 * Decides what a task with `rule` does given its upstream tasks' states. Rules that can decide early
 * (`one_success`, `one_failed`, `always`) do so before every upstream task has finished, as in Airflow.
 */
export function evaluateTriggerRule(rule: TriggerRule, upstream: readonly TaskState[]): TriggerDecision {
  if (upstream.length === 0 || rule === 'always') return 'run';
  const done = upstream.filter((s) => FINISHED_STATES.has(s));
  const allDone = done.length === upstream.length;
  const success = done.filter((s) => s === 'success').length;
  const failed = done.filter(isFailed).length;
  const skipped = done.filter((s) => s === 'skipped').length;

  switch (rule) {
    case 'all_success':
      if (failed > 0) return 'upstream_failed';
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
      return failed > 0 ? 'upstream_failed' : 'skip';
    case 'one_failed':
      if (failed > 0) return 'run';
      return allDone ? 'skip' : 'wait';
    case 'none_failed':
      if (failed > 0) return 'upstream_failed';
      return allDone ? 'run' : 'wait';
    case 'none_failed_min_one_success':
      if (failed > 0) return 'upstream_failed';
      if (!allDone) return 'wait';
      return success > 0 ? 'run' : 'skip';
  }
}
