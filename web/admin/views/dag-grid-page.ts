/**
 * `GET /admin/dags/:dagId/grid`: Airflow's grid — recent runs as columns (oldest left, newest right) and the
 * tasks as rows in dependency order, grouped, each cell coloured by the task's state in that run.
 */
import type { RunSummary } from '../../../control/runs';
import type { DagSpec, TaskSpec } from '../../../workflows/dag/spec';
import type { RunStateRead } from '../dags/run-reader';
import { shortName } from './dag-graph';
import { topologicalOrder } from './dag-layout';
import { dagHeading } from './dag-tabs';
import { html, type SafeHtml } from '../../html';
import { dagGraphUrl, temporalRunUrl, type TemporalUiTarget } from './links';
import { renderPage, type Notice, type PageAssets } from '../frame';
import { runDisplayState, stateClass, stateLegend } from './states';
import { taskView } from './task-view';

/** A row of the grid: a group heading or a task, with its nesting depth (0 at the top level). */
export type GridRow = { readonly kind: 'group'; readonly id: string; readonly depth: number } | { readonly kind: 'task'; readonly task: TaskSpec; readonly depth: number };

/**
 * The rows of the grid: tasks in topological order, each group kept together where its first task falls,
 * headed by a group row.
 */
export function gridRows(dag: DagSpec): GridRow[] {
  const order = topologicalOrder(
    dag.tasks.map((t) => t.id),
    dag.tasks.flatMap((t) => t.upstream.map((u) => ({ from: u, to: t.id }))),
  );
  const byId = new Map(dag.tasks.map((t) => [t.id, t]));
  type Item = { kind: 'task'; task: TaskSpec } | { kind: 'group'; id: string; items: Item[] };
  const root: Item[] = [];
  const groups = new Map<string, Item[]>();
  for (const id of order) {
    const task = byId.get(id) as TaskSpec;
    let items = root;
    if (task.group) {
      const parts = task.group.split('.');
      parts.forEach((_, i) => {
        const gid = parts.slice(0, i + 1).join('.');
        let inner = groups.get(gid);
        if (!inner) {
          inner = [];
          groups.set(gid, inner);
          items.push({ kind: 'group', id: gid, items: inner });
        }
        items = inner;
      });
    }
    items.push({ kind: 'task', task });
  }
  const rows: GridRow[] = [];
  const walk = (items: Item[], depth: number): void => {
    for (const item of items) {
      if (item.kind === 'task') rows.push({ kind: 'task', task: item.task, depth });
      else {
        rows.push({ kind: 'group', id: item.id, depth });
        walk(item.items, depth + 1);
      }
    }
  };
  walk(root, 0);
  return rows;
}

/** One column: a run and its state. */
export interface GridColumn {
  readonly run: RunSummary;
  readonly read: RunStateRead;
}

/** What the grid page needs. */
export interface DagGridPage {
  readonly dag: DagSpec;
  readonly timezone: string;
  /** Oldest first (left) to newest (right). */
  readonly columns: readonly GridColumn[];
  readonly temporal: TemporalUiTarget;
  readonly notices: readonly Notice[];
  readonly assets: PageAssets;
}

function columnHeader(page: DagGridPage, col: GridColumn): SafeHtml {
  const status = runDisplayState(col.run.status, col.read.state);
  return html`<th class="run-col" scope="col">
  <a class="run-date" href="${dagGraphUrl(page.dag.id, col.run.logicalDate)}" title="graph of the run ${col.run.logicalDate}">${col.run.logicalDate}</a>
  <a class="run-temporal" href="${temporalRunUrl(page.temporal, col.run.workflowId)}" title="${col.run.workflowId} in the Temporal UI">T↗</a>
  <a class="run-bar ${stateClass(status)}" href="${dagGraphUrl(page.dag.id, col.run.logicalDate)}" title="run ${status}${col.read.problem ? ` · ${col.read.problem}` : ''}"></a>
</th>`;
}

function taskCells(page: DagGridPage, task: TaskSpec): SafeHtml {
  return html`${page.columns.map((col) => {
    const v = taskView(task, col.read.state, page.timezone, 'unknown');
    const title = `${col.run.logicalDate}\n${v.tooltip}${col.read.problem ? `\n${col.read.problem}` : ''}`;
    return html`<td class="cell"><a class="${stateClass(v.state)}" href="${dagGraphUrl(page.dag.id, col.run.logicalDate)}#ti-${task.id}" title="${title}" aria-label="${task.id} ${v.state}"></a></td>`;
  })}`;
}

/** The grid page. */
export function renderDagGridPage(page: DagGridPage): string {
  const { dag } = page;
  const rows = gridRows(dag);
  const body =
    page.columns.length === 0
      ? html`<p class="muted">No runs to show.</p>`
      : html`<div class="grid-scroll"><table class="grid">
<thead><tr><th class="task-col" scope="col">Task <span class="muted small">${page.columns.length} runs</span></th>${page.columns.map((c) => columnHeader(page, c))}</tr></thead>
<tbody>
${rows.map((row) =>
  row.kind === 'group'
    ? html`<tr class="group-row"><th scope="row" class="task-col depth-${row.depth}">▾ ${row.id.split('.').pop() ?? row.id}</th>${page.columns.map(() => html`<td class="group-cell"></td>`)}</tr>`
    : html`<tr data-task-id="${row.task.id}"><th scope="row" class="task-col depth-${row.depth}" title="${row.task.id} · ${row.task.activity}"><span class="kind kind-${row.task.kind}">${row.task.kind === 'task' ? '' : row.task.kind}</span>${shortName(row.task)}</th>${taskCells(page, row.task)}</tr>`,
)}
</tbody></table></div>`;
  return renderPage({
    title: `${dag.id} · grid`,
    crumbs: [{ label: dag.id, href: dagGraphUrl(dag.id) }, { label: 'Grid' }],
    notices: page.notices,
    assets: page.assets,
    body: html`${dagHeading(dag, page.timezone, 'grid', page.temporal)}
<section class="card">
  <h2>최근 실행 <span class="muted small">recent runs, newest right</span></h2>
  ${body}
  ${stateLegend()}
</section>`,
  });
}
