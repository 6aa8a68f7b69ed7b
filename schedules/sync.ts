/**
 * Turns each DAG's schedule into a Temporal Schedule, idempotently: creates what is missing, updates what
 * changed, deletes schedules of DAGs that no longer have one, and reports the diff.
 *
 * A Schedule starts the `scheduledDagRun` workflow, which works out the run's logical date and data interval
 * from the scheduled time and starts `runDag` as a child with the id `dag:<dagId>:<logicalDate>` — the id
 * Temporal would give a scheduled workflow (`<id>-<timestamp>`) could not meet that contract.
 *
 * Pausing is a runtime decision (`ciao dags pause`), as in Airflow: sync sets it only when creating.
 */
import { createHash } from 'node:crypto';
import { ScheduleAlreadyRunning, ScheduleNotFoundError, type Client, type ScheduleOverlapPolicy } from '@temporalio/client';
import { DEFAULT_TIMEZONE, TASK_QUEUES } from '../domain/scheduling';
import type { DagSpec, ScheduleSpec } from '../workflows/dag/spec';

/** Prefix of every DAG schedule id. */
export const SCHEDULE_PREFIX = 'dag:';

/** Id of the Temporal Schedule of `dagId`. */
export function scheduleIdOf(dagId: string): string {
  return `${SCHEDULE_PREFIX}${dagId}`;
}

/** Arguments the Schedule passes to `scheduledDagRun`. */
export interface ScheduledRunArgs {
  readonly dagId: string;
  readonly cron: string;
  readonly timezone: string;
}

/** One change `syncSchedules` made (or would make with `dryRun`). */
export interface ScheduleChange {
  readonly action: 'create' | 'update' | 'delete';
  readonly scheduleId: string;
  readonly detail?: string;
}

/** A DAG schedule as Temporal has it. */
export interface ScheduleRow {
  readonly scheduleId: string;
  readonly dagId: string;
  readonly cron: string;
  readonly timezone: string;
  readonly paused: boolean;
  /** ISO time of the next action, if any. */
  readonly nextRun: string | undefined;
}

const OVERLAP: Record<NonNullable<ScheduleSpec['overlap']>, ScheduleOverlapPolicy> = {
  skip: 'SKIP',
  buffer_one: 'BUFFER_ONE',
  buffer_all: 'BUFFER_ALL',
  cancel_other: 'CANCEL_OTHER',
  terminate_other: 'TERMINATE_OTHER',
  allow_all: 'ALLOW_ALL',
};

/** What the Schedule of `dag` must look like; its fingerprint detects drift. */
function desiredOf(dag: DagSpec & { schedule: ScheduleSpec }) {
  const s = dag.schedule;
  const args: ScheduledRunArgs = { dagId: dag.id, cron: s.cron, timezone: s.timezone ?? DEFAULT_TIMEZONE };
  const policies = {
    overlap: OVERLAP[s.overlap ?? 'skip'],
    // Without catchup only a run missed by less than a minute still starts, as Airflow's catchup=False.
    catchupWindow: s.catchup ? '365 days' : '1 minute',
  };
  const fingerprint = createHash('sha256').update(JSON.stringify({ args, policies, queue: TASK_QUEUES.dags })).digest('hex').slice(0, 16);
  return { args, policies, fingerprint };
}

function actionOf(desired: ReturnType<typeof desiredOf>) {
  return {
    type: 'startWorkflow' as const,
    workflowType: 'scheduledDagRun',
    taskQueue: TASK_QUEUES.dags,
    workflowId: `dag-schedule:${desired.args.dagId}`,
    args: [desired.args],
    memo: { fingerprint: desired.fingerprint },
  };
}

/**
 * Makes Temporal's DAG schedules match `dags`.
 * @param options.dryRun report the diff without applying it (default false)
 */
export async function syncSchedules(client: Client, dags: readonly DagSpec[], options: { dryRun?: boolean } = {}): Promise<ScheduleChange[]> {
  const changes: ScheduleChange[] = [];
  const wanted = new Map<string, DagSpec & { schedule: ScheduleSpec }>();
  for (const d of dags) if (d.schedule) wanted.set(scheduleIdOf(d.id), d as DagSpec & { schedule: ScheduleSpec });

  const existing = new Set<string>();
  for await (const s of client.schedule.list()) if (s.scheduleId.startsWith(SCHEDULE_PREFIX)) existing.add(s.scheduleId);

  for (const [scheduleId, dag] of wanted) {
    const desired = desiredOf(dag);
    const spec = { cronExpressions: [desired.args.cron], timezone: desired.args.timezone };
    if (!existing.has(scheduleId)) {
      try {
        if (!options.dryRun) {
          await client.schedule.create({
            scheduleId,
            spec,
            action: actionOf(desired),
            policies: desired.policies,
            state: { paused: dag.schedule.paused ?? false, note: dag.schedule.paused ? 'paused at creation' : undefined },
          });
        }
        changes.push({ action: 'create', scheduleId, detail: `${desired.args.cron} ${desired.args.timezone}` });
        continue;
      } catch (err) {
        // The schedule list is eventually consistent: a schedule created moments ago may be missing from it.
        if (!(err instanceof ScheduleAlreadyRunning)) throw err;
      }
    }
    const handle = client.schedule.getHandle(scheduleId);
    const current = await handle.describe();
    const currentFingerprint = current.action.type === 'startWorkflow' ? current.action.memo?.fingerprint : undefined;
    if (currentFingerprint === desired.fingerprint) continue;
    changes.push({ action: 'update', scheduleId, detail: `${desired.args.cron} ${desired.args.timezone}` });
    if (!options.dryRun) {
      await handle.update((prev) => ({ ...prev, spec, action: actionOf(desired), policies: { ...prev.policies, ...desired.policies } }));
    }
  }

  for (const scheduleId of existing) {
    if (wanted.has(scheduleId)) continue;
    changes.push({ action: 'delete', scheduleId, detail: 'DAG has no schedule any more' });
    if (!options.dryRun) {
      try {
        await client.schedule.getHandle(scheduleId).delete();
      } catch (err) {
        if (!(err instanceof ScheduleNotFoundError)) throw err;
      }
    }
  }
  return changes;
}

/** The DAG schedules Temporal has now. */
export async function listDagSchedules(client: Client): Promise<ScheduleRow[]> {
  const rows: ScheduleRow[] = [];
  for await (const s of client.schedule.list()) {
    if (!s.scheduleId.startsWith(SCHEDULE_PREFIX)) continue;
    const d = await client.schedule.getHandle(s.scheduleId).describe();
    const args = (d.action.type === 'startWorkflow' ? d.action.args?.[0] : undefined) as ScheduledRunArgs | undefined;
    rows.push({
      scheduleId: s.scheduleId,
      dagId: args?.dagId ?? s.scheduleId.slice(SCHEDULE_PREFIX.length),
      cron: args?.cron ?? '?',
      timezone: args?.timezone ?? '?',
      paused: d.state.paused,
      nextRun: d.info.nextActionTimes[0]?.toISOString(),
    });
  }
  return rows.sort((a, b) => a.scheduleId.localeCompare(b.scheduleId));
}
