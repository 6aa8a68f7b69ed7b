/**
 * One task of one run as every admin view shows it — graph box, table row, grid cell, JSON for the live
 * refresh — computed once on the server so the browser script only copies strings.
 */
import type { RunState, TaskRunState } from '../../../workflows/dag/run-state';
import type { TaskSpec } from '../../../workflows/dag/spec';
import { displayDuration, displayTime } from './format';
import type { CellState } from './states';

/** A task of a run, ready to print. */
export interface TaskView {
  readonly taskId: string;
  readonly state: CellState;
  readonly attempts: number;
  /** `k/n ok` for a mapped task whose items are known, `try n` after a retry, else ''. */
  readonly badge: string;
  /** Multi-line hover text: activity, kind, trigger rule, state, tries, error. */
  readonly tooltip: string;
  readonly started: string;
  readonly ended: string;
  readonly duration: string;
  /** The error, else the note (a sensor's answer, a retry's wait). */
  readonly info: string;
}

/** `k/n ok` for a mapped task's items. */
export function mappedProgress(run: TaskRunState): string | undefined {
  if (!run.mapped) return undefined;
  const ok = run.mapped.filter((m) => m.state === 'success').length;
  return `${ok}/${run.mapped.length} ok`;
}

/** The line under a task's name that does not depend on a run: its kind and a trigger rule that is not the default. */
export function taskMeta(task: TaskSpec): string {
  const parts: string[] = [];
  if (task.kind !== 'task') parts.push(task.kind);
  if (task.triggerRule !== 'all_success') parts.push(task.triggerRule);
  return parts.join(' · ');
}

/**
 * The view of `task` in `run`. Without a run state the task shows `fallback`: `none` when the DAG has no
 * run yet, `unknown` when the run's state could not be read. A run that lacks the task (an older DAG
 * version) shows `absent`.
 */
export function taskView(task: TaskSpec, run: RunState | undefined, timezone: string, fallback: CellState = 'none'): TaskView {
  const t = run?.tasks.find((x) => x.taskId === task.id);
  const state: CellState = run ? (t?.state ?? 'absent') : fallback;
  const attempts = t?.attempts ?? 0;
  const progress = t ? mappedProgress(t) : undefined;
  const badge = progress ?? (attempts > 1 ? `try ${attempts}` : '');
  const lines = [task.id, `activity: ${task.activity}`];
  if (task.kind === 'map' && task.map) lines.push(`map over ${task.map.over.$xcom}${task.map.over.path ? `.${task.map.over.path}` : ''}, ${task.map.concurrency} at a time`);
  if (task.kind === 'sensor' && task.sensor) lines.push(`sensor: poke every ${String(task.sensor.pokeInterval)}, timeout ${String(task.sensor.timeout)}${task.sensor.softFail ? ', soft fail' : ''}`);
  if (task.triggerRule !== 'all_success') lines.push(`trigger rule: ${task.triggerRule}`);
  lines.push(`state: ${state}${attempts ? ` · tries ${attempts}` : ''}${progress ? ` · items ${progress}` : ''}`);
  if (t?.reused) lines.push('output reused from an earlier run');
  if (t?.error) lines.push(`error: ${t.error}`);
  else if (t?.note) lines.push(`note: ${t.note}`);
  if (task.doc) lines.push(task.doc);
  return {
    taskId: task.id,
    state,
    attempts,
    badge,
    tooltip: lines.join('\n'),
    started: displayTime(t?.startedAt, timezone),
    ended: displayTime(t?.endedAt, timezone),
    duration: displayDuration(t?.startedAt, t?.endedAt),
    info: t?.error ?? t?.note ?? '',
  };
}
