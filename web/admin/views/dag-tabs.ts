/**
 * The heading shared by a DAG's pages: id, description, schedule and the Graph / Grid tabs.
 */
import type { DagSpec } from '../../../workflows/dag/spec';
import { html, type SafeHtml } from '../../html';
import { dagGraphUrl, dagGridUrl, temporalDagRunsUrl, type TemporalUiTarget } from './links';

/** The DAG page heading with `active` as the current tab. */
export function dagHeading(dag: DagSpec, timezone: string, active: 'graph' | 'grid', temporal: TemporalUiTarget): SafeHtml {
  return html`<div class="dag-head">
  <div>
    <h1>${dag.id}</h1>
    <p class="desc">${dag.description}</p>
    <p class="muted small">${dag.schedule ? html`schedule <code>${dag.schedule.cron}</code> ${timezone}` : 'manual runs only'}${dag.tags.map((t) => html` <span class="tag">${t}</span>`)}</p>
  </div>
  <nav class="tabs" aria-label="views">
    <a href="${dagGraphUrl(dag.id)}" class="${active === 'graph' ? 'active' : ''}">Graph</a>
    <a href="${dagGridUrl(dag.id)}" class="${active === 'grid' ? 'active' : ''}">Grid</a>
    <a class="ext" href="${temporalDagRunsUrl(temporal, dag.id)}">Temporal UI ↗</a>
  </nav>
</div>`;
}
