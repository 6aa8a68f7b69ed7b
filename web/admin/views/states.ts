/**
 * How task and run states look on the admin pages: one CSS class per state (colours live in
 * `web/admin/static/admin.css`, after Airflow's palette) and the legend.
 */
import type { RunState } from '../../../workflows/dag/run-state';
import type { TaskState } from '../../../workflows/dag/trigger-rules';
import { html, type SafeHtml } from '../../html';

/** Every task state, in the legend's order. */
export const TASK_STATES: readonly TaskState[] = ['none', 'running', 'up_for_retry', 'up_for_reschedule', 'success', 'failed', 'upstream_failed', 'skipped'];

/**
 * A run as the pages show it: Airflow's run states plus `terminated` (a run stopped from outside, cancelled
 * or terminated in Temporal) and `unknown` (Temporal said nothing usable).
 */
export type RunDisplayState = 'running' | 'success' | 'failed' | 'terminated' | 'unknown';

/** What a cell shows when a run's state could not be read, or the run has no such task. */
export type CellState = TaskState | 'unknown' | 'absent';

/** CSS class of a task, cell or run state (`st-success`, …). */
export function stateClass(state: CellState | RunDisplayState): string {
  return `st-${state}`;
}

/**
 * The display state of a run from Temporal's execution status and, when known, the run's own state (a run
 * whose workflow is still open may already know it failed).
 */
export function runDisplayState(temporalStatus: string, state?: Pick<RunState, 'status'>): RunDisplayState {
  switch (temporalStatus) {
    case 'RUNNING':
      return state?.status === 'failed' ? 'failed' : 'running';
    case 'COMPLETED':
      return 'success';
    case 'FAILED':
    case 'TIMED_OUT':
      return 'failed';
    case 'CANCELLED':
    case 'TERMINATED':
      return 'terminated';
    default:
      return state ? (state.status === 'running' ? 'running' : state.status) : 'unknown';
  }
}

/** The colour legend of task states. */
export function stateLegend(): SafeHtml {
  return html`<ul class="legend" aria-label="state colours">
    ${TASK_STATES.map((s) => html`<li><span class="swatch ${stateClass(s)}"></span>${s}</li>`)}
  </ul>`;
}

/** A coloured badge with the state's name. */
export function stateBadge(state: CellState | RunDisplayState, label: string = state): SafeHtml {
  return html`<span class="badge ${stateClass(state)}">${label}</span>`;
}
