/**
 * The tab bar and tab sections shared by the live and the weekly dashboards: both render tabs of KPIs and
 * chart panels the same way and differ only in their URLs.
 */
import type { DashboardTab } from '../dashboards/live-panels';
import { html, type SafeHtml } from '../../html';
import { formatValue, renderPanel } from './live-panel';

/** The tab bar; `urlOf(tabId)` is the link of each tab (the page works without JavaScript). */
export function dashboardTabBar(tabs: readonly DashboardTab[], active: string, urlOf: (tabId: string) => string): SafeHtml {
  return html`<nav class="tabs live-tabs" role="tablist" aria-label="대시보드 탭">${tabs.map(
    (t) =>
      html`<a href="${urlOf(t.id)}" id="tab-${t.id}" role="tab" aria-controls="panel-${t.id}" aria-selected="${t.id === active ? 'true' : 'false'}" class="${t.id === active ? 'active' : ''}" data-tab="${t.id}">${t.name} <span class="tab-ko">${t.heading}</span></a>`,
  )}</nav>`;
}

/** One tab's KPIs and panels; `csvUrlOf(panelId)` is each panel's CSV download. */
export function dashboardTabSection(tab: DashboardTab, active: boolean, csvUrlOf: (panelId: string) => string): SafeHtml {
  return html`<section class="live-tab" id="panel-${tab.id}" role="tabpanel" aria-labelledby="tab-${tab.id}" data-tab-panel="${tab.id}"${active ? '' : html` hidden`}>
<h2>${tab.heading} <span class="muted small">${tab.name}</span></h2>
<dl class="kpis">${tab.kpis.map((k, i) => html`<div class="kpi"><dt>${k.label}</dt><dd data-kpi="${tab.id}-${i}">${formatValue(k.value, k.unit)}</dd></div>`)}</dl>
<div class="panels">${tab.panels.map((p) => renderPanel(p, csvUrlOf(p.id)))}</div>
</section>`;
}
