/**
 * Structural validation of a DAG, with messages that name the DAG and the task: cycles (with the cycle's
 * path), unknown dependencies, duplicate ids, bad trigger rules, bad durations, bad cron or timezone.
 * Pure: the DSL calls it when a DAG is declared, so a broken DAG never reaches a worker or a schedule.
 */
import { DagError } from '../../domain/errors';
import { DEFAULT_TIMEZONE } from '../../domain/scheduling';
import { cronSyntaxError, isValidTimezone } from './cron-syntax';
import { durationMs } from './durations';
import { findCycle } from './graph';
import { TRIGGER_RULES, type DagSpec, type Duration, type TaskSpec } from './spec';

const DAG_ID = /^[a-z][a-z0-9_]*$/;
const TASK_ID = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$/;
const ASSET = /^[a-z0-9][a-z0-9_.:/-]{0,199}$/;

/**
 * Throws a {@link DagError} describing the first problem of `dag`: `DagDuplicateTask`, `DagUnknownTask`,
 * `DagCycle` or `DagInvalid`.
 */
export function validateDag(dag: DagSpec): void {
  const where = `DAG "${dag.id}"`;
  if (!DAG_ID.test(dag.id)) throw new DagError('DagInvalid', `${where}: id must be snake_case (a-z, 0-9, _), starting with a letter`, { dagId: dag.id });
  if (dag.tasks.length === 0) throw new DagError('DagInvalid', `${where}: has no tasks`, { dagId: dag.id });

  const ids = new Set<string>();
  for (const t of dag.tasks) {
    if (!TASK_ID.test(t.id)) throw new DagError('DagInvalid', `${where}, task "${t.id}": id must be snake_case (group prefix "group.")`, { dagId: dag.id, taskId: t.id });
    if (ids.has(t.id)) throw new DagError('DagDuplicateTask', `${where}: task id "${t.id}" is used twice`, { dagId: dag.id, taskId: t.id });
    ids.add(t.id);
  }

  for (const t of dag.tasks) {
    const at = `${where}, task "${t.id}"`;
    for (const up of t.upstream) {
      if (!ids.has(up)) throw new DagError('DagUnknownTask', `${at}: depends on unknown task "${up}"`, { dagId: dag.id, taskId: t.id, unknown: up });
      if (up === t.id) throw new DagError('DagCycle', `${at}: depends on itself`, { dagId: dag.id, cycle: [t.id, t.id] });
    }
    if (!(TRIGGER_RULES as readonly string[]).includes(t.triggerRule)) {
      throw new DagError('DagInvalid', `${at}: unknown trigger rule "${t.triggerRule}" (one of ${TRIGGER_RULES.join(', ')})`, { dagId: dag.id, taskId: t.id });
    }
    if (!t.activity) throw new DagError('DagInvalid', `${at}: no activity`, { dagId: dag.id, taskId: t.id });
    validateTaskOptions(t, at, dag.id);
    validateRole(t, at, dag);
    for (const ref of xcomRefsIn(t.input)) {
      if (!t.upstream.includes(ref)) throw new DagError('DagUnknownTask', `${at}: reads the output of "${ref}", which is not upstream of it`, { dagId: dag.id, taskId: t.id, unknown: ref });
    }
  }

  const cycle = findCycle(dag.tasks);
  if (cycle) throw new DagError('DagCycle', `${where}: cycle ${cycle.join(' → ')}`, { dagId: dag.id, cycle });

  if (dag.schedule) {
    const problem = cronSyntaxError(dag.schedule.cron);
    if (problem) throw new DagError('DagInvalid', `${where}: bad cron "${dag.schedule.cron}": ${problem}`, { dagId: dag.id });
    const tz = dag.schedule.timezone ?? DEFAULT_TIMEZONE;
    if (!isValidTimezone(tz)) throw new DagError('DagInvalid', `${where}: unknown timezone "${tz}"`, { dagId: dag.id });
  }
  for (const asset of [...(dag.runsOnAssets ?? []), ...dag.tasks.flatMap((t) => t.outlets ?? [])]) {
    if (!ASSET.test(asset)) throw new DagError('DagInvalid', `${where}: asset name "${asset}" must be lower-case words joined by - _ . : /`, { dagId: dag.id });
  }
  checkDuration(dag.runTimeout, `${where}: runTimeout`, dag.id);
  validateRetry(dag.defaults.retry, `${where}: default retry`, dag.id);
}

function validateTaskOptions(t: TaskSpec, at: string, dagId: string): void {
  if (t.retry) validateRetry(t.retry, `${at}: retry`, dagId);
  if (t.timeouts?.startToClose !== undefined) checkDuration(t.timeouts.startToClose, `${at}: startToClose`, dagId);
  if (t.timeouts?.heartbeat !== undefined) checkDuration(t.timeouts.heartbeat, `${at}: heartbeat`, dagId);
  if (t.kind === 'map') {
    if (!t.map) throw new DagError('DagInvalid', `${at}: a map task needs "over"`, { dagId, taskId: t.id });
    if (!t.upstream.includes(t.map.over.$xcom)) throw new DagError('DagUnknownTask', `${at}: maps over "${t.map.over.$xcom}", which is not upstream of it`, { dagId, taskId: t.id });
    if (!Number.isInteger(t.map.concurrency) || t.map.concurrency < 1) throw new DagError('DagInvalid', `${at}: map concurrency must be a positive integer`, { dagId, taskId: t.id });
    if (!Number.isInteger(t.map.maxItems) || t.map.maxItems < 1) throw new DagError('DagInvalid', `${at}: map maxItems must be a positive integer`, { dagId, taskId: t.id });
  }
  if (t.kind === 'sensor') {
    if (!t.sensor) throw new DagError('DagInvalid', `${at}: a sensor needs poke settings`, { dagId, taskId: t.id });
    checkDuration(t.sensor.pokeInterval, `${at}: pokeInterval`, dagId);
    checkDuration(t.sensor.timeout, `${at}: sensor timeout`, dagId);
  }
}

function validateRole(t: TaskSpec, at: string, dag: DagSpec): void {
  if (t.role !== 'teardown') {
    if (t.setups?.length || t.failRun !== undefined) throw new DagError('DagInvalid', `${at}: only a teardown names setups or failRun`, { dagId: dag.id, taskId: t.id });
    return;
  }
  if (!t.setups?.length) throw new DagError('DagInvalid', `${at}: a teardown needs the setup tasks it cleans up after`, { dagId: dag.id, taskId: t.id });
  for (const s of t.setups) {
    const setup = dag.tasks.find((x) => x.id === s);
    if (setup?.role !== 'setup') throw new DagError('DagInvalid', `${at}: "${s}" is not a setup task`, { dagId: dag.id, taskId: t.id });
    if (!t.upstream.includes(s)) throw new DagError('DagInvalid', `${at}: its setup "${s}" must be upstream of it`, { dagId: dag.id, taskId: t.id });
  }
  if (t.triggerRule !== 'all_done_setup_success') throw new DagError('DagInvalid', `${at}: a teardown's trigger rule is all_done_setup_success`, { dagId: dag.id, taskId: t.id });
}

function validateRetry(retry: NonNullable<TaskSpec['retry']>, what: string, dagId: string): void {
  if (retry.attempts !== undefined && (!Number.isInteger(retry.attempts) || retry.attempts < 1)) {
    throw new DagError('DagInvalid', `${what}: attempts must be an integer ≥ 1`, { dagId });
  }
  if (retry.backoffCoefficient !== undefined && !(retry.backoffCoefficient >= 1)) throw new DagError('DagInvalid', `${what}: backoffCoefficient must be ≥ 1`, { dagId });
  if (retry.initialInterval !== undefined) checkDuration(retry.initialInterval, `${what}: initialInterval`, dagId);
  if (retry.maximumInterval !== undefined) checkDuration(retry.maximumInterval, `${what}: maximumInterval`, dagId);
  if (retry.budget !== undefined) checkDuration(retry.budget, `${what}: budget`, dagId);
}

function checkDuration(d: Duration, what: string, dagId: string): void {
  if (durationMs(d) === undefined) throw new DagError('DagInvalid', `${what}: "${String(d)}" is not a duration (e.g. 500ms, 30s, 5m, 2h, 1d)`, { dagId });
}

/** Task ids referenced by XCom placeholders anywhere inside `value`. */
export function xcomRefsIn(value: unknown): string[] {
  const found = new Set<string>();
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const ref = (v as { $xcom?: unknown }).$xcom;
      if (typeof ref === 'string') found.add(ref);
      else Object.values(v).forEach(walk);
    }
  };
  walk(value);
  return [...found];
}
