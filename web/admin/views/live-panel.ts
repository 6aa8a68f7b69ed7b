/**
 * One panel of the live dashboard as HTML: title, CSV link, the box the page script draws the chart in, and
 * the panel's numbers as a table (so they are readable without the chart and without JavaScript). The page
 * script re-renders the same table from the JSON it polls.
 */
import type { Panel, RankedWord, RankingPanel, SeriesPanel, Unit } from '../dashboards/live-panels';
import { html, type SafeHtml } from '../../html';

/** A number as the dashboard prints it: `1,234`, `1,234P`, `12.5%`. */
export function formatValue(value: number, unit: Unit): string {
  const text = value.toLocaleString('ko-KR', { maximumFractionDigits: 1 });
  return unit === 'percent' ? `${text}%` : unit === 'points' ? `${text}P` : text;
}

function seriesTable(panel: SeriesPanel): SafeHtml {
  return html`<table>
<caption class="sr-only">${panel.title}</caption>
<thead><tr>${panel.table.header.map((h, i) => html`<th scope="col"${i > 0 ? html` class="num"` : ''}>${h}</th>`)}</tr></thead>
<tbody>${panel.labels.map(
    (label, i) => html`<tr><th scope="row">${label}</th>${panel.series.map((s) => html`<td class="num">${formatValue(s.values[i] ?? 0, s.unit)}</td>`)}</tr>`,
  )}</tbody>
</table>`;
}

function wordList(words: readonly RankedWord[]): SafeHtml {
  if (words.length === 0) return html`<span class="muted">—</span>`;
  return html`<ol class="words">${words.map((w) => html`<li><span class="word">${w.word}</span> <span class="n">${w.count.toLocaleString('ko-KR')}</span></li>`)}</ol>`;
}

function rankingTable(panel: RankingPanel): SafeHtml {
  return html`<table>
<caption class="sr-only">${panel.title}</caption>
<thead><tr><th scope="col">성별</th><th scope="col">연령대</th><th scope="col">${panel.windows[0]}</th><th scope="col">${panel.windows[1]}</th></tr></thead>
<tbody>${panel.rows.map(
    (r) => html`<tr class="${r.ageBand === '전체' ? 'group-row' : ''}"><th scope="row">${r.gender}</th><td>${r.ageBand}</td><td>${wordList(r.main)}</td><td>${wordList(r.recent)}</td></tr>`,
  )}</tbody>
</table>`;
}

/**
 * Grid columns a panel spans: time charts and long breakdowns the whole row (with the table beside the chart
 * on wide screens), the funnel two; others one.
 */
const SIZES: Readonly<Record<string, 'full' | 'double'>> = {
  'inout-time': 'full',
  'menu-gender-age': 'full',
  'eco-time': 'full',
  'eco-region': 'full',
  'nolabel-time': 'full',
  'nolabel-ranks': 'full',
  'menu-funnel-age': 'double',
  'weekly-menu-day': 'full',
  'weekly-eco-share': 'full',
  'weekly-lesswaste-radius': 'full',
  'weekly-ranks': 'full',
};

/** The panel as a card; `csvUrl` downloads its table with the page's filters. */
export function renderPanel(panel: Panel, csvUrl: string): SafeHtml {
  const titleId = `${panel.id}-title`;
  const tableId = `${panel.id}-table`;
  const size = SIZES[panel.id];
  return html`<article class="card panel${size ? ` panel-${size}` : ''}" data-panel="${panel.id}" data-kind="${panel.kind}" aria-labelledby="${titleId}">
<header class="panel-head">
  <h3 id="${titleId}" data-panel-title>${panel.title}</h3>
  <a class="csv-link" href="${csvUrl}" download title="이 패널의 표를 CSV로 (UTF-8)">CSV ↓</a>
</header>
${panel.hint ? html`<p class="hint" data-panel-hint>${panel.hint}</p>` : ''}
<div class="panel-body">
${panel.kind === 'series' ? html`<div class="chart-box chart-${panel.chart}" data-chart-box data-title-id="${titleId}" data-table-id="${tableId}"></div>` : ''}
<div class="table-wrap live-table${panel.kind === 'ranking' ? ' ranking-table' : ''}" id="${tableId}" data-table tabindex="0" role="region" aria-label="${panel.title} 표">
${panel.kind === 'series' ? seriesTable(panel) : rankingTable(panel)}
</div>
</div>
</article>`;
}
