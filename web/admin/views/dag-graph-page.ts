/**
 * `GET /admin/dags/:dagId`: the graph of a DAG coloured by one run, the run picker, the run's summary and its
 * task instances. While the run is open, `web/admin/static/admin.js` polls the run's JSON state and recolours.
 */
import type { BackfillSummary } from '../../../control/backfill';
import type { RunNote } from '../../../control/run-notes';
import type { RunSummary } from '../../../control/runs';
import { assetGraph } from '../../../control/registry';
import type { DagSpec } from '../../../workflows/dag/spec';
import type { RunStateRead } from '../dags/run-reader';
import { renderDagGraph } from './dag-graph';
import { dagHeading } from './dag-tabs';
import { displayDuration, displayTime } from './format';
import { html, type SafeHtml } from '../../html';
import { dagGraphUrl, runStateApiUrl, temporalRunUrl, type TemporalUiTarget } from './links';
import { renderPage, type Notice, type PageAssets } from '../frame';
import { runDisplayState, stateBadge, stateClass, stateLegend, type CellState, type RunDisplayState } from './states';
import { taskView, type TaskView } from './task-view';

/** What the graph page needs. */
export interface DagGraphPage {
  readonly dag: DagSpec;
  readonly timezone: string;
  /** Recent runs for the picker, newest first; undefined when Temporal did not answer. */
  readonly runs?: readonly RunSummary[];
  /** The run the colours are from. */
  readonly run?: RunSummary;
  /** Its state (or why it is unknown). */
  readonly read?: RunStateRead;
  /** The run's note, if it has one. */
  readonly note?: RunNote;
  /** The DAG's recent backfills; undefined when they could not be read. */
  readonly backfills?: readonly BackfillSummary[];
  /** The session's CSRF token, for the note form. */
  readonly csrf: string;
  readonly temporal: TemporalUiTarget;
  readonly notices: readonly Notice[];
  readonly assets: PageAssets;
}

/** The task views of a run (or of no run), by task id, as the graph, the table and the JSON endpoint show them. */
export function taskViewsOf(dag: DagSpec, timezone: string, run: RunSummary | undefined, read: RunStateRead | undefined): Map<string, TaskView> {
  const fallback: CellState = run ? 'unknown' : 'none';
  return new Map(dag.tasks.map((t) => [t.id, taskView(t, read?.state, timezone, fallback)]));
}

function runPicker(page: DagGraphPage): SafeHtml {
  const runs = page.runs ?? (page.run ? [page.run] : []);
  if (runs.length === 0) return html`<p class="muted">No runs yet. Trigger one with <code>npx ciao dags trigger ${page.dag.id}</code>.</p>`;
  const listed = page.run && !runs.some((r) => r.workflowId === page.run?.workflowId) ? [page.run, ...runs] : runs;
  return html`<form class="run-picker" method="get" action="${dagGraphUrl(page.dag.id)}">
  <label for="run">Run</label>
  <select id="run" name="run" data-autosubmit>
    ${listed.map((r) => html`<option value="${r.logicalDate}"${r.workflowId === page.run?.workflowId ? html` selected` : ''}>${r.logicalDate} · ${runDisplayState(r.status)}</option>`)}
  </select>
  <button type="submit">보기</button>
</form>`;
}

function runSummary(page: DagGraphPage, status: RunDisplayState): SafeHtml {
  const { run, read } = page;
  if (!run) return html``;
  const state = read?.state;
  const rows: [string, SafeHtml | string][] = [
    ['Logical date', html`<code>${run.logicalDate}</code>`],
    ['Status', html`<span data-run-status-badge>${stateBadge(status)}</span> <span class="live" data-live-indicator ${status === 'running' ? '' : html`hidden`}>● live</span>`],
  ];
  if (state) rows.push(['Data interval', `${state.dataInterval.start} → ${state.dataInterval.end}`]);
  rows.push(['Started', displayTime(state?.startedAt ?? run.startTime, page.timezone)]);
  if (run.closeTime) rows.push(['Ended', displayTime(state?.endedAt ?? run.closeTime, page.timezone)]);
  rows.push(['Duration', displayDuration(state?.startedAt ?? run.startTime, state?.endedAt ?? run.closeTime)]);
  rows.push(['Temporal', html`<a class="ext" href="${temporalRunUrl(page.temporal, run.workflowId)}">${run.workflowId} ↗</a>`]);
  if (state?.dagVersion) {
    const changed = page.dag.version && page.dag.version !== state.dagVersion;
    rows.push(['DAG version', html`<code data-dag-version>${state.dagVersion}</code>${changed ? html` <span class="badge warn" title="the DAG changed after this run">changed since: now ${page.dag.version ?? ''}</span>` : ''}`]);
  }
  return html`<dl class="run-summary">${rows.map(([k, v]) => html`<div><dt>${k}</dt><dd>${v}</dd></div>`)}</dl>
${state ? html`<details class="params"><summary>Params</summary><pre>${JSON.stringify(state.params, null, 2)}</pre></details>` : ''}
${noteForm(page, run)}`;
}

/** The run's note and the form that sets it (an empty note removes it). */
function noteForm(page: DagGraphPage, run: RunSummary): SafeHtml {
  const note = page.note;
  return html`<form class="run-note" method="post" action="/admin/dags/${page.dag.id}/runs/${encodeURIComponent(run.logicalDate)}/note">
  <input type="hidden" name="_csrf" value="${page.csrf}">
  <label for="note">Note <span class="muted small">메모</span>${note ? html` <span class="muted small" data-note-meta>${note.author} · ${displayTime(note.updatedAt, page.timezone)}</span>` : ''}</label>
  <textarea id="note" name="note" rows="2" maxlength="2000" placeholder="e.g. rerun after the HDFS outage">${note?.note ?? ''}</textarea>
  <button type="submit">Save note</button>
</form>`;
}

/** What the DAG produces and what it runs on (data-aware scheduling). */
function assetCard(dag: DagSpec): SafeHtml {
  const graph = assetGraph();
  const produces = dag.tasks.flatMap((t) => (t.outlets ?? []).map((a) => ({ asset: a, task: t.id, consumers: graph.get(a)?.consumers ?? [] })));
  const runsOn = (dag.runsOnAssets ?? []).map((a) => ({ asset: a, producers: graph.get(a)?.producers ?? [] }));
  if (produces.length === 0 && runsOn.length === 0) return html``;
  return html`<section class="card assets-card" data-assets>
  <h2>Assets <span class="muted small">데이터 트리거</span></h2>
  <ul>
    ${runsOn.map((r) => html`<li>Runs when <code>${r.asset}</code> is updated (by ${r.producers.map((p) => html`<a href="${dagGraphUrl(p.slice(0, p.indexOf('.')))}"><code>${p}</code></a>`)})</li>`)}
    ${produces.map((p) => html`<li><code>${p.task}</code> produces <code>${p.asset}</code>${p.consumers.length ? html` → starts ${p.consumers.map((c) => html`<a href="${dagGraphUrl(c)}"><code>${c}</code></a>`)}` : ''}</li>`)}
  </ul>
</section>`;
}

/** The DAG's recent backfills as objects: id, status, progress. */
function backfillCard(page: DagGraphPage): SafeHtml {
  if (!page.dag.schedule) return html``;
  const rows = page.backfills;
  return html`<section class="card backfills-card" data-backfills>
  <h2>Backfills <span class="muted small">백필</span></h2>
  ${
    rows === undefined
      ? html`<p class="muted">Backfills unavailable.</p>`
      : rows.length === 0
        ? html`<p class="muted">No backfills. Start one with <code>npx ciao dags backfill ${page.dag.id} --from … --to …</code>.</p>`
        : html`<div class="table-wrap"><table>
<thead><tr><th>Backfill</th><th>Status</th><th>Progress</th><th>Started</th><th></th></tr></thead>
<tbody>${rows.map((b) => {
            const p = b.progress;
            const done = p ? p.succeeded + p.failed + p.skipped : 0;
            return html`<tr><td><a class="ext" href="${temporalRunUrl(page.temporal, b.backfillId)}"><code>${b.backfillId}</code> ↗</a></td><td>${p?.status ?? b.status.toLowerCase()}</td><td>${p ? html`<progress max="${p.total}" value="${done}"></progress> ${done}/${p.total} · ok ${p.succeeded}, failed ${p.failed}, skipped ${p.skipped}${p.notEnded ? ` · ${p.notEnded} not ended` : ''}` : '-'}</td><td class="nowrap">${displayTime(b.startTime, page.timezone)}</td><td>${
              b.status === 'RUNNING'
                ? html`<form method="post" action="/admin/dags/${page.dag.id}/backfills/cancel"><input type="hidden" name="_csrf" value="${page.csrf}"><input type="hidden" name="backfillId" value="${b.backfillId}"><button type="submit" data-cancel-backfill>Cancel</button></form>`
                : ''
            }</td></tr>`;
          })}</tbody></table></div>
<p class="muted small">Cancelling (here or with <code>npx ciao dags backfill-cancel '&lt;id&gt;'</code>) starts no more runs; started runs finish.</p>`
  }
</section>`;
}

function taskTable(dag: DagSpec, views: ReadonlyMap<string, TaskView>): SafeHtml {
  return html`<div class="table-wrap"><table class="ti-table">
<thead><tr><th>Task</th><th>Kind</th><th>State</th><th>Tries</th><th>Started</th><th>Ended</th><th>Duration</th><th>Note / error</th></tr></thead>
<tbody>
${dag.tasks.map((t) => {
  const v = views.get(t.id) as TaskView;
  return html`<tr id="ti-${t.id}" data-task-id="${t.id}">
  <td><code>${t.id}</code><div class="muted small">${t.activity}</div></td>
  <td>${t.kind}${t.triggerRule !== 'all_success' ? html`<div class="muted small">${t.triggerRule}</div>` : ''}</td>
  <td data-field="state"><span class="badge ${stateClass(v.state)}">${v.state}</span></td>
  <td data-field="badge" class="nowrap">${v.badge || (v.attempts ? String(v.attempts) : '')}</td>
  <td data-field="started" class="nowrap">${v.started}</td>
  <td data-field="ended" class="nowrap">${v.ended}</td>
  <td data-field="duration" class="nowrap">${v.duration}</td>
  <td data-field="info" class="info">${v.info}</td>
</tr>`;
})}
</tbody></table></div>`;
}

/** The graph page. */
export function renderDagGraphPage(page: DagGraphPage): string {
  const { dag, run, read } = page;
  const views = taskViewsOf(dag, page.timezone, run, read);
  const status = run ? runDisplayState(run.status, read?.state) : 'unknown';
  const notices: Notice[] = [...page.notices];
  if (run && read?.problem) notices.push({ level: 'warning', text: 'Run state unavailable', detail: read.problem, name: 'run-state' });
  const live = run ? html` data-live-state="${runStateApiUrl(dag.id, run.logicalDate)}" data-run-status="${status}"` : '';
  return renderPage({
    title: `${dag.id} · graph`,
    crumbs: [{ label: dag.id, href: dagGraphUrl(dag.id) }, { label: 'Graph' }],
    notices,
    assets: page.assets,
    body: html`${dagHeading(dag, page.timezone, 'graph', page.temporal)}
<section class="card run-card">
  ${runPicker(page)}
  ${runSummary(page, status)}
</section>
<section class="card graph-card"${live}>
  <div class="graph-scroll">${renderDagGraph(dag, views)}</div>
  ${stateLegend()}
</section>
<section class="card">
  <h2>Task instances <span class="muted small">작업</span></h2>
  ${taskTable(dag, views)}
</section>
${assetCard(dag)}
${backfillCard(page)}`,
  });
}
