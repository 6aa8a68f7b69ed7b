/**
 * `GET /admin/logs/live`: the real-time dashboard (SPEC §2 hot tier) — heading with the live status, the
 * filter form, the four tabs, and per tab its headline numbers and panels. The page works without
 * JavaScript (tabs are links, numbers are tables); `live-dashboard.js` adds the charts, switches tabs in
 * place and refreshes everything from the JSON endpoint.
 */
import { AGE_BANDS } from '../../../domain/age-band';
import { REGION_CODES } from '../../../domain/regions';
import { ageName, filterQuery, LIVE_TABS, regionName, type LiveFilters, type LiveTabId } from '../dashboards/live-filters';
import type { LiveDashboard } from '../dashboards/live-tabs';
import { dashboardTabBar, dashboardTabSection } from './dashboard-tabs';
import { html, option, type SafeHtml } from '../../html';
import { renderPage, type Notice, type PageAssets } from '../frame';
import { GENDERS, genderName } from '../../../domain/gender';

/** How often the page polls the JSON endpoint (ms). */
export const LIVE_POLL_MS = 5000;

/** The dashboard page (with the filters and tab). */
export function liveDashboardUrl(filters?: LiveFilters, tab?: LiveTabId): string {
  const query = [filters ? filterQuery(filters) : '', tab ? `tab=${tab}` : ''].filter(Boolean).join('&');
  return `/admin/logs/live${query ? `?${query}` : ''}`;
}

/** The JSON the page polls. */
export function liveDashboardApiUrl(filters: LiveFilters): string {
  return `/admin/api/logs/live?${filterQuery(filters)}`;
}

/** The CSV download of one panel. */
export function liveCsvUrl(panelId: string, filters: LiveFilters): string {
  return `/admin/logs/live/csv/${encodeURIComponent(panelId)}?${filterQuery(filters)}`;
}

/** What the page needs. */
export interface LiveDashboardPage {
  readonly dashboard: LiveDashboard;
  readonly tab: LiveTabId;
  readonly notices: readonly Notice[];
  readonly assets: PageAssets;
  /** Chart.js and the dashboard script, in order. */
  readonly scripts: readonly string[];
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

function filterForm(filters: LiveFilters, tab: LiveTabId): SafeHtml {
  return html`<form class="card live-filters" method="get" action="/admin/logs/live" aria-label="필터">
  <input type="hidden" name="tab" value="${tab}" data-tab-input>
  <label>날짜 <input type="date" name="date" value="${filters.date}" required data-autosubmit-input></label>
  <label>시간 <select name="hour" data-autosubmit>${option('', '하루 전체', filters.hour === null)}${Array.from({ length: 24 }, (_, h) => option(String(h), `${pad2(h)}시`, filters.hour === h))}</select></label>
  <label>연령대 <select name="age" data-autosubmit>${option('', '전체', filters.ageBand === null)}${AGE_BANDS.map((a) => option(String(a), ageName(a), filters.ageBand === a))}</select></label>
  <label>성별 <select name="gender" data-autosubmit>${option('', '전체', filters.gender === null)}${GENDERS.map((g) => option(g, genderName(g), filters.gender === g))}</select></label>
  <label>지역 <select name="region" data-autosubmit>${option('', '전체', filters.region === null)}${REGION_CODES.map((r) => option(r, regionName(r), filters.region === r))}</select></label>
  <span class="filter-actions"><button type="submit">적용</button> <a href="${liveDashboardUrl(undefined, tab)}">초기화</a></span>
</form>`;
}

/** The whole page. */
export function renderLiveDashboardPage(page: LiveDashboardPage): string {
  const { dashboard, tab } = page;
  const { filters } = dashboard;
  const body = html`<div class="live-dashboard" data-live-api="${liveDashboardApiUrl(filters)}" data-poll-ms="${LIVE_POLL_MS}" data-today="${dashboard.today ? 'true' : 'false'}">
<div class="live-head">
  <div>
    <h1>실시간 대시보드</h1>
    <p class="muted">사용자 로그 핫 티어 (Redis 실시간 집계) · <strong data-live-summary>${dashboard.summary}</strong></p>
  </div>
  <div class="live-status" role="status" aria-live="polite">
    <span class="live-dot${dashboard.today ? '' : ' paused'}" data-live-dot aria-hidden="true"></span>
    <span>마지막 갱신 <time data-live-updated datetime="${dashboard.generatedAt}">${dashboard.generatedAt.slice(11, 19)}</time></span>
    <a class="dashboard-switch" href="/admin/logs/weekly">주간 대시보드 →</a>
    <label class="auto-refresh" hidden data-live-toggle-label><input type="checkbox" data-live-toggle${dashboard.today ? html` checked` : ''}> ${LIVE_POLL_MS / 1000}초마다 자동 갱신</label>
  </div>
</div>
${filterForm(filters, tab)}
${dashboardTabBar(dashboard.tabs, tab, (id) => liveDashboardUrl(filters, id as LiveTabId))}
${dashboard.tabs.map((t) => dashboardTabSection(t, t.id === tab, (panelId) => liveCsvUrl(panelId, filters)))}
</div>
${page.scripts.map((src) => html`<script src="${src}" defer></script>`)}`;
  return renderPage({ title: '실시간 대시보드', crumbs: [{ label: '실시간 대시보드' }], notices: page.notices, body, assets: page.assets });
}

/** The tab to show: the query's, or the first. */
export function activeTab(tab: string | undefined): LiveTabId {
  return (LIVE_TABS as readonly string[]).includes(tab ?? '') ? (tab as LiveTabId) : 'inout';
}
