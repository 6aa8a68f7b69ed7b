/**
 * `ciao dags list | show | trigger | backfill | runs | state | clear | pause | unpause`.
 * Human tables by default, `--json` for scripts.
 */
import type { Client } from '@temporalio/client';
import type { Command } from 'commander';
import { DagError } from '../domain/errors';
import { backfillDag, backfillIntervals, cancelBackfill, listBackfills } from '../control/backfill';
import { clearRun } from '../control/clear';
import { setDagPaused } from '../control/pause';
import { assetGraph, getDag, listDags, timezoneOf } from '../control/registry';
import { getRunState, listRuns, waitForRun } from '../control/runs';
import { FAILED_RUN_STATUSES, failedIntervals, isStillFailed, latestPerInterval } from '../control/failed-runs';
import { logicalDateOf } from '../control/run-interval';
import { triggerDag } from '../control/trigger';
import { userInfo } from 'node:os';
import { loadConfig, type Config } from '../infra/config';
import { createMongoStore } from '../infra/mongo';
import { setRunNote, getRunNotes } from '../control/run-notes';
import { dagRunWorkflowId } from '../workflows/dag/ids';
import { createTemporalStore } from '../infra/temporal';
import { nextTicks } from '../schedules/cron';
import { formatInZone, parseDateInZone } from '../schedules/zone-time';
import { listDagSchedules } from '../schedules/sync';
import type { RunState } from '../workflows/dag/run-state';
import { renderTable } from './table';

async function withClient<T>(fn: (client: Client, config: Config) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const temporal = createTemporalStore(config);
  try {
    return await fn(await temporal.client(), config);
  } finally {
    await temporal.close();
  }
}

function runUrl(config: Config, workflowId: string): string {
  return `${config.temporal.uiUrl}/namespaces/${config.temporal.namespace}/workflows/${encodeURIComponent(workflowId)}`;
}

function parseConf(conf: string | undefined): Record<string, unknown> | undefined {
  if (conf === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(conf);
  } catch (err) {
    throw new DagError('DagParamsInvalid', `--conf is not JSON: ${(err as Error).message}`);
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new DagError('DagParamsInvalid', '--conf must be a JSON object, e.g. \'{"items": 3}\'');
  return value as Record<string, unknown>;
}

function parseDate(text: string, dagId: string, flag: string): Date {
  const date = parseDateInZone(text, timezoneOf(getDag(dagId)));
  if (!date) throw new DagError('DagParamsInvalid', `${flag} "${text}" is not a date (YYYY-MM-DD, YYYY-MM-DDTHH:mm, or ISO-8601 with offset)`);
  return date;
}

/** Resolves a logical date argument to the exact string of the run id (`2026-11-22` → `2026-11-22T02:00:00+09:00` for a Sunday 02:00 DAG). */
function logicalDateArg(text: string, dagId: string): string {
  return logicalDateOf(getDag(dagId), text);
}

/**
 * A stored instant (ISO, any offset) as a person reads it in the DAG's zone: `2026-12-06 09:30:12+09:00`.
 * Every CLI table shows times this way, never bare UTC.
 */
function zoned(iso: string | undefined, tz: string): string | undefined {
  if (!iso) return undefined;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : formatInZone(date, tz).replace('T', ' ');
}

function printState(state: RunState): void {
  const tz = timezoneOf(getDag(state.dagId));
  console.log(`${state.runId}  ${state.status.toUpperCase()}  interval ${state.dataInterval.start} → ${state.dataInterval.end}${state.dagVersion ? `  (DAG version ${state.dagVersion})` : ''}`);
  console.log(`started ${zoned(state.startedAt, tz)}${state.endedAt ? `, ended ${zoned(state.endedAt, tz)}` : ''}`);
  console.log(
    renderTable(
      ['task', 'state', 'tries', `started (${tz})`, 'ended', 'note / error'],
      state.tasks.map((t) => [
        t.taskId,
        t.state + (t.reused ? ' (reused)' : ''),
        t.attempts,
        zoned(t.startedAt, tz),
        zoned(t.endedAt, tz),
        t.mapped ? `${t.mapped.filter((m) => m.state === 'success').length}/${t.mapped.length} items ok${t.error ? `; ${t.error}` : ''}` : (t.error ?? t.note ?? ''),
      ]),
    ),
  );
}

/** Adds the `dags` command group. */
export function registerDagCommands(program: Command): void {
  const dags = program.command('dags').description('the DAGs: list, inspect, trigger, backfill, clear, pause');

  dags
    .command('list')
    .option('--json', 'machine-readable output')
    .description('every DAG with its schedule, next run and last run state')
    .action(async (opts: { json?: boolean }) => {
      const rows = await withClient(async (client) => {
        const schedules = await listDagSchedules(client).catch(() => []);
        return Promise.all(
          listDags().map(async (d) => {
            const sched = schedules.find((s) => s.dagId === d.id);
            const last = (await listRuns(client, d.id, 1).catch(() => []))[0];
            const failed = await failedIntervals(client, d.id).catch(() => undefined);
            return {
              dagId: d.id,
              schedule: [d.schedule ? `${d.schedule.cron} ${timezoneOf(d)}` : '', d.runsOnAssets?.length ? `on assets ${d.runsOnAssets.join(' + ')}` : ''].filter(Boolean).join('; ') || null,
              paused: sched?.paused ?? null,
              nextRun: sched?.nextRun ? formatInZone(new Date(sched.nextRun), timezoneOf(d)) : null,
              lastRun: last ? `${last.logicalDate} ${last.status}` : null,
              /** Intervals among the last 100 runs whose latest run failed (null: Temporal did not answer). */
              failedIntervals: failed?.length ?? null,
              tags: d.tags,
              description: d.description,
            };
          }),
        );
      });
      if (opts.json) return console.log(JSON.stringify(rows, null, 2));
      console.log(
        renderTable(
          ['dag', 'schedule', 'paused', 'next run', 'last run', 'failed'],
          rows.map((r) => [r.dagId, r.schedule ?? '(manual)', r.paused === null ? '-' : r.paused ? 'yes' : 'no', r.nextRun, r.lastRun, r.failedIntervals === null ? '?' : String(r.failedIntervals)]),
        ),
      );
    });

  dags
    .command('show')
    .argument('<dag>', 'DAG id')
    .option('--json', 'machine-readable output')
    .description('tasks, dependencies, trigger rules, params and the next 5 run times')
    .action((dagId: string, opts: { json?: boolean }) => {
      const dag = getDag(dagId);
      const tz = timezoneOf(dag);
      const next = dag.schedule ? nextTicks(dag.schedule.cron, tz, new Date(), 5).map((t) => formatInZone(t, tz)) : [];
      const assets = assetGraph();
      const produces = dag.tasks.flatMap((t) => (t.outlets ?? []).map((a) => ({ asset: a, task: t.id, consumers: assets.get(a)?.consumers ?? [] })));
      const runsOn = (dag.runsOnAssets ?? []).map((a) => ({ asset: a, producers: assets.get(a)?.producers ?? [] }));
      if (opts.json) return console.log(JSON.stringify({ ...dag, nextRuns: next, produces, runsOn }, null, 2));
      console.log(`${dag.id}: ${dag.description}`);
      console.log(`version: ${dag.version ?? '-'}`);
      console.log(`schedule: ${dag.schedule ? `${dag.schedule.cron} (${tz}), catchup ${dag.schedule.catchup ? 'on' : 'off'}, overlap ${dag.schedule.overlap ?? 'skip'}` : runsOn.length ? 'no cron' : 'none (manual)'}`);
      for (const r of runsOn) console.log(`runs on asset: ${r.asset} (produced by ${r.producers.join(', ') || 'no task'}) — a run starts once every such asset is updated`);
      for (const p of produces) console.log(`produces asset: ${p.asset} (task ${p.task}${p.consumers.length ? `; starts ${p.consumers.join(', ')}` : ''})`);
      if (next.length) console.log(`next runs:\n${next.map((n) => `  ${n}`).join('\n')}`);
      if (dag.defaultParams) console.log(`default params: ${JSON.stringify(dag.defaultParams)}`);
      console.log(
        renderTable(
          ['task', 'kind', 'activity', 'upstream', 'trigger rule', 'retries'],
          dag.tasks.map((t) => [t.id, t.kind, t.activity, t.upstream.join(', ') || '-', t.triggerRule, (t.retry?.attempts ?? dag.defaults.retry.attempts ?? 3) - 1]),
        ),
      );
    });

  dags
    .command('trigger')
    .argument('<dag>', 'DAG id')
    .option('--conf <json>', 'params as a JSON object, over the defaults')
    .option('--date <date>', 'which interval: a day (YYYY-MM-DD: the interval starting on it), a time (YYYY-MM-DDTHH:mm in the DAG timezone, or ISO-8601: the interval containing it); default the last complete interval')
    .option('--wait', 'follow the run until it ends, printing task states')
    .option('--json', 'machine-readable output')
    .description('start a run (params validated first); an existing run of the same logical date is not duplicated')
    .action(async (dagId: string, opts: { conf?: string; date?: string; wait?: boolean; json?: boolean }) => {
      const conf = parseConf(opts.conf);
      await withClient(async (client, config) => {
        const run = await triggerDag(client, dagId, { ...(conf ? { conf } : {}), ...(opts.date ? { date: opts.date } : {}) });
        if (opts.json && !opts.wait) return console.log(JSON.stringify({ ...run, url: runUrl(config, run.workflowId) }));
        console.log(`${run.started ? 'started' : 'already exists'}: ${run.workflowId}\n  ${runUrl(config, run.workflowId)}`);
        if (!opts.wait) return;
        const result = await waitForRun(client, run.workflowId, run.runId, {
          onReattach: ({ error, nextInMs }) => console.error(`Temporal unreachable (${error}); the run goes on — re-attaching in ${Math.round(nextInMs / 1000)} s`),
        });
        if (opts.json) return console.log(JSON.stringify(result, null, 2));
        printState(result);
        if (result.status !== 'success') process.exitCode = 1;
      });
    });

  dags
    .command('backfill')
    .argument('<dag>', 'DAG id')
    .requiredOption('--from <date>', 'first interval start (inclusive)')
    .requiredOption('--to <date>', 'last interval start (inclusive)')
    .option('--conf <json>', 'params for every run')
    .option('--max-active <n>', 'runs at once (default: the schedule\'s maxActiveRuns, else 1)')
    .option('--newest-first', 'start with the most recent interval')
    .option('--no-wait', 'return once the backfill has started (follow it with `dags backfills`)')
    .description('one run per interval starting in [from, to] that has ended, as one backfill object; intervals that already ran are skipped')
    .action(async (dagId: string, opts: { from: string; to: string; conf?: string; maxActive?: string; newestFirst?: boolean; wait: boolean }) => {
      const from = parseDate(opts.from, dagId, '--from');
      const to = parseDate(opts.to, dagId, '--to');
      const conf = parseConf(opts.conf);
      const maxActive = opts.maxActive === undefined ? undefined : Number(opts.maxActive);
      if (maxActive !== undefined && !(Number.isInteger(maxActive) && maxActive >= 1)) throw new DagError('DagParamsInvalid', `--max-active must be a positive integer (got "${opts.maxActive}")`, { dagId });
      const { notEnded } = backfillIntervals(dagId, from, to, new Date());
      if (notEnded.length > 0) {
        console.log(`${notEnded.length} interval(s) in the range have not ended yet and are not run (first: ${notEnded[0]?.logicalDate}, ends ${notEnded[0]?.dataInterval.end})`);
      }
      const result = await withClient((client) =>
        backfillDag(client, dagId, {
          from,
          to,
          ...(conf ? { conf } : {}),
          ...(maxActive ? { maxActive } : {}),
          newestFirst: opts.newestFirst ?? false,
          wait: opts.wait,
          onProgress: (p) => {
            const done = p.succeeded + p.failed + p.skipped;
            const width = 20;
            const filled = p.total ? Math.round((done / p.total) * width) : width;
            console.log(`[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${p.total}  ${p.last?.logicalDate ?? ''} ${p.last?.event ?? ''}  (ok ${p.succeeded}, failed ${p.failed}, skipped ${p.skipped})`);
          },
        }),
      );
      if (!opts.wait) return console.log(`backfill started: ${result.backfillId} (${result.total} intervals); follow it with \`ciao dags backfills ${dagId}\`, stop it with \`ciao dags backfill-cancel '${result.backfillId}'\``);
      console.log(`backfill ${result.backfillId} ${result.status}: ${result.total} intervals, ${result.started} started, ${result.skipped} already existed, ${result.succeeded} succeeded, ${result.failed} failed${result.notEnded ? `, ${result.notEnded} not ended (not run)` : ''}`);
      if (result.failed > 0) process.exitCode = 1;
    });

  dags
    .command('backfills')
    .argument('<dag>', 'DAG id')
    .option('--json', 'machine-readable output')
    .description('the DAG\'s backfills: id, range, status and progress')
    .action(async (dagId: string, opts: { json?: boolean }) => {
      const tz = timezoneOf(getDag(dagId));
      const rows = await withClient((client) => listBackfills(client, dagId));
      if (opts.json) return console.log(JSON.stringify(rows, null, 2));
      console.log(
        renderTable(
          ['backfill', 'status', 'progress', 'started', 'closed'],
          rows.map((r) => [
            r.backfillId,
            r.progress?.status ?? r.status.toLowerCase(),
            r.progress ? `${r.progress.succeeded + r.progress.failed + r.progress.skipped}/${r.progress.total} (ok ${r.progress.succeeded}, failed ${r.progress.failed}, skipped ${r.progress.skipped})` : '-',
            zoned(r.startTime, tz),
            zoned(r.closeTime, tz),
          ]),
        ),
      );
    });

  dags
    .command('backfill-cancel')
    .argument('<backfill-id>', 'as `dags backfills` lists it (backfill:<dag>:<from>:<to>)')
    .description('stop a backfill from starting more runs; runs already started finish')
    .action(async (id: string) => {
      await withClient((client) => cancelBackfill(client, id));
      console.log(`cancelled ${id}: no more runs will start`);
    });

  dags
    .command('runs')
    .argument('<dag>', 'DAG id')
    .option('--limit <n>', 'how many', '25')
    .option('--failed', 'only the intervals whose latest run failed (what the reconciler has yet to clear)')
    .option('--json', 'machine-readable output')
    .description('recent runs, newest first; a cleared run shows each of its executions')
    .action(async (dagId: string, opts: { limit: string; failed?: boolean; json?: boolean }) => {
      const tz = timezoneOf(getDag(dagId));
      const rows = await withClient((client) => listRuns(client, dagId, opts.failed ? 100 : Number(opts.limit)));
      const intervals = latestPerInterval(rows);
      const latest = new Set(intervals.map((i) => i.latest.runId));
      if (opts.failed) {
        const failed = intervals.filter(isStillFailed);
        if (opts.json) return console.log(JSON.stringify(failed, null, 2));
        if (failed.length === 0) return console.log(`no failed interval among the last ${rows.length} runs of ${dagId}`);
        return console.log(renderTable(['logical date', 'status', 'runs', 'closed'], failed.map((i) => [i.latest.logicalDate, i.latest.status, String(i.executions), zoned(i.latest.closeTime, tz)])));
      }
      if (opts.json) return console.log(JSON.stringify(rows.map((r) => ({ ...r, latest: latest.has(r.runId) })), null, 2));
      const noteOf = (r: (typeof rows)[number]): string => (!latest.has(r.runId) ? 'rerun later' : FAILED_RUN_STATUSES.has(r.status) ? 'still failed' : '');
      console.log(renderTable(['logical date', 'status', 'started', 'closed', ''], rows.map((r) => [r.logicalDate, r.status, zoned(r.startTime, tz), zoned(r.closeTime, tz), noteOf(r)])));
    });

  dags
    .command('state')
    .argument('<dag>', 'DAG id')
    .argument('<logical-date>', 'the run\'s logical date')
    .option('--json', 'machine-readable output')
    .description('task states of one run')
    .action(async (dagId: string, date: string, opts: { json?: boolean }) => {
      const logicalDate = logicalDateArg(date, dagId);
      const runId = dagRunWorkflowId(dagId, logicalDate);
      const state = await withClient((client) => getRunState(client, runId));
      const mongo = createMongoStore(loadConfig());
      const note = await getRunNotes(mongo.db, [runId])
        .then((n) => n.get(runId))
        .catch(() => undefined)
        .finally(() => mongo.close());
      if (opts.json) return console.log(JSON.stringify({ ...state, ...(note ? { note } : {}) }, null, 2));
      printState(state);
      if (note) console.log(`note (${note.author}, ${zoned(note.updatedAt, timezoneOf(getDag(dagId)))}): ${note.note}`);
    });

  dags
    .command('clear')
    .argument('<dag>', 'DAG id')
    .argument('<logical-date>', 'the run\'s logical date')
    .option('--task <id...>', 'clear these tasks (default: every failed task); downstream tasks are cleared too')
    .option('--conf <json>', 'change params for the rerun of a closed run (over the run\'s own)')
    .description('rerun failed tasks: in place while the run is open, else as a new run that reuses the successful outputs')
    .action(async (dagId: string, date: string, opts: { task?: string[]; conf?: string }) => {
      const logicalDate = logicalDateArg(date, dagId);
      const conf = parseConf(opts.conf);
      const out = await withClient((client) => clearRun(client, dagId, logicalDate, opts.task ? { taskIds: opts.task } : {}, conf ? { conf } : {}));
      console.log(out.mode === 'signalled' ? `cleared in the open run ${out.workflowId}` : `new run of ${out.workflowId}: rerunning ${out.cleared.join(', ')}; reusing ${out.reused.join(', ') || 'nothing'}`);
    });

  dags
    .command('note')
    .argument('<dag>', 'DAG id')
    .argument('<logical-date>', 'the run\'s logical date (or a day with one interval starting on it)')
    .argument('[text...]', 'the note; empty removes it')
    .description('set the free-text note of a run (shown by `dags state` and on the admin graph)')
    .action(async (dagId: string, date: string, words: string[]) => {
      const runId = dagRunWorkflowId(dagId, logicalDateArg(date, dagId));
      const config = loadConfig();
      const mongo = createMongoStore(config);
      try {
        const note = await setRunNote(mongo.db, runId, words.join(' '), `cli:${userInfo().username}`);
        console.log(note ? `note set on ${runId}` : `note removed from ${runId}`);
      } finally {
        await mongo.close();
      }
    });

  for (const [name, paused] of [['pause', true], ['unpause', false]] as const) {
    dags
      .command(name)
      .argument('<dag>', 'DAG id')
      .description(paused ? 'stop scheduling new runs' : 'resume scheduling')
      .action(async (dagId: string) => {
        const out = await withClient((client) => setDagPaused(client, dagId, paused));
        console.log(`${dagId} ${paused ? 'paused' : 'unpaused'}`);
        if (out.latest) console.log(`latest complete interval ${out.latest.logicalDate}: ${out.latest.started ? 'run started' : 'already has a run'} (${out.latest.workflowId})`);
        if (out.catchup) console.log(`catch-up: backfill ${out.catchup.backfillId} of ${out.catchup.total} missed interval(s) started`);
      });
  }
}
