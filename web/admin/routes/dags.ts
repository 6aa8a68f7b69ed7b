/**
 * The DAG views of the admin pages (mounted under `/admin`):
 *
 * | route | what |
 * |---|---|
 * | `GET /dags` | DAG list: description, schedule, paused, next run, recent runs |
 * | `GET /dags/:dagId?run=<logicalDate>` | graph view coloured by a run (default the latest started) |
 * | `GET /dags/:dagId/grid` | grid of the 25 most recently started runs × tasks |
 * | `GET /api/dags/:dagId/runs/:logicalDate/state` | one run's task states as JSON (the graph view polls it) |
 * | `POST /dags/:dagId/runs/:logicalDate/note` | sets (or clears) the run's note, back to the graph |
 * | `POST /dags/:dagId/backfills/cancel` | cancels one of the DAG's running backfills, back to the graph |
 *
 * Temporal being down never fails a page: the DAG structure is drawn from the registry with a
 * "Temporal unavailable" notice. An unknown DAG or run is a 404 (through the admin error handler).
 */
import type { FastifyBaseLogger, FastifyInstance, FastifyReply } from 'fastify';
import { cancelBackfill, listBackfills, type BackfillSummary } from '../../../control/backfill';
import { getRunNotes, setRunNote, type RunNote } from '../../../control/run-notes';
import type { RunSummary } from '../../../control/runs';
import { getDag, listDags, timezoneOf } from '../../../control/registry';
import { InfraError } from '../../../domain/errors';
import { nextTicks } from '../../../schedules/cron';
import type { ScheduleRow } from '../../../schedules/sync';
import type { RunReader, RunStateRead } from '../dags/run-reader';
import { ERROR_RESPONSES } from '../../schemas/errors';
import { CancelBackfillBody, DagParams, GraphQuery, NoteBody, RunParams, RunStateReply, type CancelBackfillBodyInput, type DagParamsInput, type GraphQueryInput, type NoteBodyInput, type RunParamsInput } from '../schemas/dags';
import { dagRunWorkflowId } from '../../../workflows/dag/ids';
import { renderDagGraphPage, taskViewsOf } from '../views/dag-graph-page';
import { renderDagGridPage, type GridColumn } from '../views/dag-grid-page';
import { renderDagListPage, type DagListRow } from '../views/dag-list-page';
import { dagGraphUrl, type TemporalUiTarget } from '../views/links';
import type { Notice, PageAssets } from '../frame';
import { runDisplayState, type RunDisplayState } from '../views/states';
import type { TaskView } from '../views/task-view';

/** Runs in the graph view's picker and columns in the grid. */
const RECENT_RUNS = 25;
/** Runs in the DAG list's dots. */
const LIST_RUNS = 10;

/** Options of {@link dagViewRoutes}. */
export interface DagViewOptions {
  readonly assets: PageAssets;
  readonly reader: RunReader;
  readonly temporal: TemporalUiTarget;
}

/** What the live refresh of the graph view reads. */
export interface RunStateResponse {
  readonly dagId: string;
  readonly logicalDate: string;
  readonly workflowId: string;
  readonly status: RunDisplayState;
  /** Temporal's execution status (`RUNNING`, `COMPLETED`, …). */
  readonly temporalStatus: string;
  readonly problem?: string;
  readonly tasks: readonly TaskView[];
}

/** The notice for a Temporal call that failed, logged once per page. */
function unavailable(log: FastifyBaseLogger, err: unknown): Notice {
  const detail = err instanceof Error ? err.message : String(err);
  log.warn({ err }, 'Temporal unavailable for an admin page');
  return { level: 'warning', text: 'Temporal unavailable', detail: `Showing the DAG structure only. ${detail}` };
}

function sendHtml(reply: FastifyReply, body: string): FastifyReply {
  return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(body);
}

/** Newest first by start time → oldest left by logical date. */
function byLogicalDate(a: RunSummary, b: RunSummary): number {
  return Date.parse(a.logicalDate) - Date.parse(b.logicalDate) || a.startTime.localeCompare(b.startTime);
}

/** Resolves with `fallback` when `work` takes longer than `ms` or fails: a slow store never holds a page. */
async function withinOr<T>(ms: number, work: Promise<T>, fallback: T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<T>((resolve) => {
    timer = setTimeout(() => resolve(fallback), ms);
  });
  try {
    return await Promise.race([work.catch(() => fallback), late]);
  } finally {
    clearTimeout(timer);
  }
}

/** Registers the DAG views; mount it under `/admin` behind the admin guard. */
export function dagViewRoutes(app: FastifyInstance, opts: DagViewOptions): Promise<void> {
  const { assets, reader, temporal } = opts;

  app.get('/dags', async (request, reply) => {
    const notices: Notice[] = [];
    const dags = listDags();
    let schedules: readonly ScheduleRow[] | undefined;
    let runs: (readonly RunSummary[] | undefined)[] = dags.map(() => undefined);
    let failed: (readonly RunSummary[] | undefined)[] = dags.map(() => undefined);
    try {
      [schedules, runs, failed] = await Promise.all([
        reader.schedules(),
        Promise.all(dags.map((d) => reader.recentRuns(d.id, LIST_RUNS))),
        Promise.all(dags.map((d) => reader.failedIntervals(d.id))),
      ]);
    } catch (err) {
      notices.push(unavailable(request.log, err));
    }
    const rows: DagListRow[] = dags.map((dag, i) => {
      const timezone = timezoneOf(dag);
      const schedule = schedules?.find((s) => s.dagId === dag.id);
      const dagRuns = runs[i];
      return {
        dag,
        timezone,
        ...(schedule ? { schedule: { scheduleId: schedule.scheduleId, paused: schedule.paused, ...(schedule.nextRun ? { nextRun: schedule.nextRun } : {}) } } : {}),
        ...(!schedules && dag.schedule ? { nextFromCron: nextTicks(dag.schedule.cron, timezone, new Date(), 1)[0]?.toISOString() } : {}),
        ...(dagRuns ? { runs: dagRuns } : {}),
        ...(failed[i] ? { failed: failed[i] } : {}),
      };
    });
    if (schedules) {
      const missing = rows.filter((r) => r.dag.schedule && !r.schedule).map((r) => r.dag.id);
      if (missing.length) notices.push({ level: 'info', text: 'Schedules not synced', detail: `No Temporal Schedule yet for ${missing.join(', ')}: run npx ciao dags sync.` });
    }
    return sendHtml(reply, renderDagListPage({ rows, temporal, notices, assets }));
  });

  app.get<{ Params: DagParamsInput; Querystring: GraphQueryInput }>(
    '/dags/:dagId',
    { schema: { params: DagParams, querystring: GraphQuery } },
    async (request, reply) => {
      const dag = getDag(request.params.dagId);
      const timezone = timezoneOf(dag);
      const wanted = request.query.run?.replace(' ', '+');
      const notices: Notice[] = [];
      let runs: RunSummary[] | undefined;
      let run: RunSummary | undefined;
      let read: RunStateRead | undefined;
      try {
        runs = await reader.recentRuns(dag.id, RECENT_RUNS);
        run = wanted ? (runs.find((r) => r.logicalDate === wanted) ?? (await reader.findRun(dag.id, wanted))) : runs[0];
        if (wanted && !run) throw new InfraError('NotFound', `DAG ${dag.id} has no run at ${wanted}.`, { dagId: dag.id, logicalDate: wanted });
        if (run) read = await reader.stateOf(run);
      } catch (err) {
        if (err instanceof InfraError && err.code === 'NotFound') throw err;
        notices.push(unavailable(request.log, err));
      }
      const [note, backfills] = await Promise.all([
        run ? withinOr<RunNote | undefined>(1000, getRunNotes(app.stores.mongo.db, [run.workflowId]).then((n) => n.get(run.workflowId)), undefined) : undefined,
        withinOr<BackfillSummary[] | undefined>(2000, app.stores.temporal.client().then((c) => listBackfills(c, dag.id, 10)), undefined),
      ]);
      const csrf = request.session?.data.csrf ?? '';
      return sendHtml(reply, renderDagGraphPage({ dag, timezone, ...(runs ? { runs } : {}), ...(run ? { run } : {}), ...(read ? { read } : {}), ...(note ? { note } : {}), ...(backfills ? { backfills } : {}), csrf, temporal, notices, assets }));
    },
  );

  app.post<{ Params: RunParamsInput; Body: NoteBodyInput }>('/dags/:dagId/runs/:logicalDate/note', { schema: { params: RunParams, body: NoteBody } }, async (request, reply) => {
    const dag = getDag(request.params.dagId);
    const runId = dagRunWorkflowId(dag.id, request.params.logicalDate);
    await setRunNote(app.stores.mongo.db, runId, request.body.note, request.session?.data.member?.userId ?? 'admin');
    return reply.redirect(dagGraphUrl(dag.id, request.params.logicalDate), 303);
  });

  app.post<{ Params: DagParamsInput; Body: CancelBackfillBodyInput }>('/dags/:dagId/backfills/cancel', { schema: { params: DagParams, body: CancelBackfillBody } }, async (request, reply) => {
    const dag = getDag(request.params.dagId);
    if (!request.body.backfillId.startsWith(`backfill:${dag.id}:`)) throw new InfraError('NotFound', `${request.body.backfillId} is not a backfill of ${dag.id}`);
    await cancelBackfill(await app.stores.temporal.client(), request.body.backfillId);
    return reply.redirect(dagGraphUrl(dag.id), 303);
  });

  app.get<{ Params: DagParamsInput }>('/dags/:dagId/grid', { schema: { params: DagParams } }, async (request, reply) => {
    const dag = getDag(request.params.dagId);
    const notices: Notice[] = [];
    let columns: GridColumn[] = [];
    try {
      const runs = await reader.recentRuns(dag.id, RECENT_RUNS);
      const reads = await reader.statesOf(runs);
      columns = runs.map((run, i) => ({ run, read: reads[i] ?? {} })).sort((a, b) => byLogicalDate(a.run, b.run));
    } catch (err) {
      notices.push(unavailable(request.log, err));
    }
    return sendHtml(reply, renderDagGridPage({ dag, timezone: timezoneOf(dag), columns, temporal, notices, assets }));
  });

  app.get<{ Params: RunParamsInput }>('/api/dags/:dagId/runs/:logicalDate/state', { schema: { params: RunParams, response: { 200: RunStateReply, ...ERROR_RESPONSES } } }, async (request, reply) => {
    const dag = getDag(request.params.dagId);
    const { logicalDate } = request.params;
    const run = await reader.findRun(dag.id, logicalDate);
    if (!run) throw new InfraError('NotFound', `DAG ${dag.id} has no run at ${logicalDate}.`, { dagId: dag.id, logicalDate });
    const read = await reader.stateOf(run);
    const body: RunStateResponse = {
      dagId: dag.id,
      logicalDate,
      workflowId: run.workflowId,
      status: runDisplayState(run.status, read.state),
      temporalStatus: run.status,
      ...(read.problem ? { problem: read.problem } : {}),
      tasks: [...taskViewsOf(dag, timezoneOf(dag), run, read).values()],
    };
    return reply.header('cache-control', 'no-store').send(body);
  });

  return Promise.resolve();
}
