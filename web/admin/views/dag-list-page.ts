/**
 * `GET /admin/dags`: every DAG with its schedule, pause state, next run and recent runs.
 */
import type { RunSummary } from '../../../control/runs';
import type { DagSpec } from '../../../workflows/dag/spec';
import { displayTime } from './format';
import { html, type SafeHtml } from '../../html';
import { dagGraphUrl, dagGridUrl, temporalDagRunsUrl, temporalRunUrl, temporalScheduleUrl, type TemporalUiTarget } from './links';
import { renderPage, type Notice, type PageAssets } from '../frame';
import { runDisplayState, stateBadge, stateClass } from './states';

/** One DAG as the list shows it. */
export interface DagListRow {
  readonly dag: DagSpec;
  readonly timezone: string;
  /** The Temporal Schedule's id, pause state and next action, when Temporal answered. */
  readonly schedule?: { readonly scheduleId: string; readonly paused: boolean; readonly nextRun?: string };
  /** When Temporal did not answer: the next fire time computed from the cron. */
  readonly nextFromCron?: string;
  /** Recent runs, newest first; undefined when Temporal did not answer. */
  readonly runs?: readonly RunSummary[];
  /** Intervals among the last 100 runs whose latest run failed, newest first; undefined when Temporal did not answer. */
  readonly failed?: readonly RunSummary[];
}

/** What the list page needs. */
export interface DagListPage {
  readonly rows: readonly DagListRow[];
  readonly temporal: TemporalUiTarget;
  readonly notices: readonly Notice[];
  readonly assets: PageAssets;
}

function scheduleCell(row: DagListRow): SafeHtml {
  const s = row.dag.schedule;
  const assets = row.dag.runsOnAssets ?? [];
  const onAssets = assets.length ? html`<div class="small">on assets ${assets.map((a) => html`<code>${a}</code> `)}</div>` : html``;
  if (!s) return assets.length ? onAssets : html`<span class="muted">manual</span>`;
  return html`<code>${s.cron}</code><div class="muted small">${row.timezone}</div>${onAssets}`;
}

function pausedCell(row: DagListRow, temporal: TemporalUiTarget): SafeHtml {
  if (!row.dag.schedule) return html`<span class="muted">—</span>`;
  if (!row.schedule) return html`<span class="muted" title="Temporal did not answer">?</span>`;
  const label = row.schedule.paused ? 'paused' : 'active';
  return html`<a class="pill ${row.schedule.paused ? 'pill-paused' : 'pill-active'}" href="${temporalScheduleUrl(temporal, row.schedule.scheduleId)}" title="Temporal Schedule ${row.schedule.scheduleId}">${label}</a>`;
}

function nextRunCell(row: DagListRow): SafeHtml {
  if (!row.dag.schedule) return html`<span class="muted">—</span>`;
  if (row.schedule) {
    if (!row.schedule.nextRun) return html`<span class="muted">—</span>`;
    return html`<span class="${row.schedule.paused ? 'muted' : ''}">${displayTime(row.schedule.nextRun, row.timezone)}</span>`;
  }
  return row.nextFromCron ? html`<span class="muted" title="from the cron; Temporal did not answer">${displayTime(row.nextFromCron, row.timezone)}</span>` : html``;
}

function lastRunCell(row: DagListRow, temporal: TemporalUiTarget): SafeHtml {
  if (!row.runs) return html`<span class="muted">?</span>`;
  const last = row.runs[0];
  if (!last) return html`<span class="muted">no runs yet</span>`;
  const state = runDisplayState(last.status);
  return html`<div class="last-run">${stateBadge(state)}
    <a href="${dagGraphUrl(row.dag.id, last.logicalDate)}">${last.logicalDate}</a>
    <a class="ext" href="${temporalRunUrl(temporal, last.workflowId)}" title="this run in the Temporal UI">Temporal ↗</a></div>
    <div class="run-dots">${[...row.runs].reverse().map(
      (r) => html`<a class="dot ${stateClass(runDisplayState(r.status))}" href="${dagGraphUrl(row.dag.id, r.logicalDate)}" title="${r.logicalDate} · ${r.status.toLowerCase()}"></a>`,
    )}</div>${failedLine(row)}`;
}

/** "3 failed" linking to the oldest failed interval: what the reconciler has yet to clear (or gave up on). */
function failedLine(row: DagListRow): SafeHtml {
  const failed = row.failed;
  if (!failed?.length) return html``;
  const oldest = failed[failed.length - 1] as RunSummary;
  const title = `실패한 채 남은 구간: ${failed.map((r) => r.logicalDate).join(', ')}`;
  return html`<div class="failed-runs"><a class="st-failed" href="${dagGraphUrl(row.dag.id, oldest.logicalDate)}" title="${title}">${failed.length} failed</a> <span class="muted small">실패한 구간 (재실행 대기)</span></div>`;
}

/** The DAG list page. */
export function renderDagListPage(page: DagListPage): string {
  const { temporal } = page;
  return renderPage({
    title: 'DAG 목록',
    notices: page.notices,
    assets: page.assets,
    body: html`<h1>DAG 목록 <span class="count">${page.rows.length}</span></h1>
<div class="table-wrap"><table class="dag-table">
<thead><tr><th>DAG</th><th>설명</th><th>Schedule</th><th>상태</th><th>다음 실행</th><th>최근 실행</th><th>Links</th></tr></thead>
<tbody>
${page.rows.map(
  (row) => html`<tr data-dag-id="${row.dag.id}">
  <td class="dag-id"><a href="${dagGraphUrl(row.dag.id)}">${row.dag.id}</a>${row.dag.tags.length ? html`<div class="tags">${row.dag.tags.map((t) => html`<span class="tag">${t}</span>`)}</div>` : ''}</td>
  <td class="desc">${row.dag.description}</td>
  <td>${scheduleCell(row)}</td>
  <td>${pausedCell(row, temporal)}</td>
  <td class="nowrap">${nextRunCell(row)}</td>
  <td>${lastRunCell(row, temporal)}</td>
  <td class="links"><a href="${dagGraphUrl(row.dag.id)}">Graph</a> <a href="${dagGridUrl(row.dag.id)}">Grid</a> <a class="ext" href="${temporalDagRunsUrl(temporal, row.dag.id)}">Temporal ↗</a></td>
</tr>`,
)}
</tbody></table></div>`,
  });
}
