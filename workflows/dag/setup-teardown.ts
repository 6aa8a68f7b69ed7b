/**
 * Airflow's setup/teardown semantics over a DAG's tasks: which setups a task depends on, what clearing a task
 * also clears, and which tasks decide whether a run failed. Pure, shared by the run workflow and `clear`.
 */
import { downstreamClosure, downstreamMap } from './graph';
import type { TaskSpec } from './spec';

type Task = Pick<TaskSpec, 'id' | 'upstream' | 'role' | 'setups' | 'failRun'>;

/** Every ancestor (transitive upstream) of each task, as a set of ids. */
function ancestorsOf(tasks: readonly Task[]): Map<string, Set<string>> {
  const byId = new Map(tasks.map((t) => [t.id, t]));
  const memo = new Map<string, Set<string>>();
  for (const root of tasks) {
    if (memo.has(root.id)) continue;
    // Iterative post-order: a task's ancestors are its upstream tasks and theirs.
    const stack: { id: string; expanded: boolean }[] = [{ id: root.id, expanded: false }];
    while (stack.length > 0) {
      const top = stack[stack.length - 1] as { id: string; expanded: boolean };
      if (memo.has(top.id)) {
        stack.pop();
        continue;
      }
      const ups = byId.get(top.id)?.upstream ?? [];
      if (!top.expanded) {
        top.expanded = true;
        for (const u of ups) if (!memo.has(u) && byId.has(u)) stack.push({ id: u, expanded: false });
        continue;
      }
      const set = new Set<string>();
      for (const u of ups) {
        if (!byId.has(u)) continue;
        set.add(u);
        for (const a of memo.get(u) ?? []) set.add(a);
      }
      memo.set(top.id, set);
      stack.pop();
    }
  }
  return memo;
}

/**
 * For each task that is not a teardown, the setup tasks it depends on only indirectly (through other tasks):
 * they must all have succeeded before it runs (Airflow's setup constraint). Direct setups are covered by the
 * task's own trigger rule.
 */
export function indirectSetupsOf(tasks: readonly Task[]): Map<string, string[]> {
  const setups = new Set(tasks.filter((t) => t.role === 'setup').map((t) => t.id));
  const ancestors = ancestorsOf(tasks);
  const out = new Map<string, string[]>();
  for (const t of tasks) {
    if (t.role === 'teardown') continue;
    const indirect = [...(ancestors.get(t.id) ?? [])].filter((a) => setups.has(a) && !t.upstream.includes(a));
    if (indirect.length > 0) out.set(t.id, indirect);
  }
  return out;
}

/**
 * What clearing `roots` clears: the roots and everything downstream of them, plus the setups those tasks
 * depend on (the resources must exist again) and the teardowns of those setups (to remove them again).
 */
export function tasksToClear(tasks: readonly Task[], roots: readonly string[]): Set<string> {
  const ancestors = ancestorsOf(tasks);
  const byId = new Map(tasks.map((t) => [t.id, t]));
  const cleared = downstreamClosure(tasks, roots);
  const setups = new Set<string>();
  for (const id of cleared) {
    const t = byId.get(id);
    if (!t || t.role === 'teardown') continue;
    if (t.role === 'setup') setups.add(id);
    for (const a of ancestors.get(id) ?? []) if (byId.get(a)?.role === 'setup') setups.add(a);
  }
  for (const s of setups) cleared.add(s);
  for (const t of tasks) if (t.role === 'teardown' && (t.setups ?? []).some((s) => setups.has(s))) cleared.add(t.id);
  return cleared;
}

/**
 * The tasks whose final state decides the run's, as in Airflow: the leaves, where a teardown does not count
 * (unless `failRun`) and a leaf teardown's own upstream tasks count in its place.
 */
export function outcomeTasks(tasks: readonly Task[]): string[] {
  const byId = new Map(tasks.map((t) => [t.id, t]));
  const downstream = downstreamMap(tasks);
  const ignored = (id: string): boolean => {
    const t = byId.get(id);
    return t?.role === 'teardown' && !t.failRun;
  };
  return tasks.filter((t) => !ignored(t.id) && (downstream.get(t.id) ?? []).every(ignored)).map((t) => t.id);
}
