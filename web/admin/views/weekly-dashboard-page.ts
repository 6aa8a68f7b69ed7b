/**
 * `GET /admin/logs/weekly`: the weekly dashboard (SPEC §2 warm tier) — heading, the filter form, the four
 * tabs, and per tab its headline numbers and panels. Built like the live page and driven by the same script
 * (`live-dashboard.js`: charts, tabs in place, tables from the JSON), without the auto-refresh: the warm tier
 * changes once a night.
 */
import { AGE_BANDS } from '../../../domain/age-band';
import { REGION_CODES } from '../../../domain/regions';
import { ageName, regionName } from '../dashboards/live-filters';
import { WEEKLY_TABS, weeklyFilterQuery, type WeeklyFilters, type WeeklyTabId } from '../dashboards/weekly-filters';
import type { WeeklyDashboard } from '../dashboards/weekly-tabs';
import { dashboardTabBar, dashboardTabSection } from './dashboard-tabs';
import { html, option, type SafeHtml } from '../../html';
import { liveDashboardUrl } from './live-dashboard-page';
import { renderPage, type Notice, type PageAssets } from '../frame';
import { GENDERS, genderName } from '../../../domain/gender';

/** The weekly dashboard page (with the filters and tab). */
export function weeklyDashboardUrl(filters?: WeeklyFilters, tab?: WeeklyTabId): string {
  const query = [filters ? weeklyFilterQuery(filters) : '', tab ? `tab=${tab}` : ''].filter(Boolean).join('&');
  return `/admin/logs/weekly${query ? `?${query}` : ''}`;
}

/** The JSON the page loads. */
export function weeklyDashboardApiUrl(filters: WeeklyFilters): string {
  return `/admin/api/logs/weekly?${weeklyFilterQuery(filters)}`;
}

/** The CSV download of one panel. */
export function weeklyCsvUrl(panelId: string, filters: WeeklyFilters): string {
  return `/admin/logs/weekly/csv/${encodeURIComponent(panelId)}?${weeklyFilterQuery(filters)}`;
}

/** What the page needs. */
export interface WeeklyDashboardPage {
  readonly dashboard: WeeklyDashboard;
  readonly tab: WeeklyTabId;
  readonly notices: readonly Notice[];
  readonly assets: PageAssets;
  /** Chart.js and the dashboard script, in order. */
  readonly scripts: readonly string[];
}

function filterForm(filters: WeeklyFilters, tab: WeeklyTabId): SafeHtml {
  return html`<form class="card live-filters" method="get" action="/admin/logs/weekly" aria-label="필터">
  <input type="hidden" name="tab" value="${tab}" data-tab-input>
  <label>마지막 날 <input type="date" name="date" value="${filters.date}" required data-autosubmit-input></label>
  <label>연령대 <select name="age" data-autosubmit>${option('', '전체', filters.ageBand === null)}${AGE_BANDS.map((a) => option(String(a), ageName(a), filters.ageBand === a))}</select></label>
  <label>성별 <select name="gender" data-autosubmit>${option('', '전체', filters.gender === null)}${GENDERS.map((g) => option(g, genderName(g), filters.gender === g))}</select></label>
  <label>지역 <select name="region" data-autosubmit>${option('', '전체', filters.region === null)}${REGION_CODES.map((r) => option(r, regionName(r), filters.region === r))}</select></label>
  <span class="filter-actions"><button type="submit">적용</button> <a href="${weeklyDashboardUrl(undefined, tab)}">초기화</a></span>
</form>`;
}

/** The whole page. */
export function renderWeeklyDashboardPage(page: WeeklyDashboardPage): string {
  const { dashboard, tab } = page;
  const { filters } = dashboard;
  const body = html`<div class="live-dashboard weekly-dashboard" data-live-api="${weeklyDashboardApiUrl(filters)}" data-today="false">
<div class="live-head">
  <div>
    <h1>주간 대시보드</h1>
    <p class="muted">사용자 로그 웜 티어 (MongoDB 최근 7일) · <strong data-live-summary>${dashboard.summary}</strong> · 데이터 ${dashboard.daysWithData.length}/${dashboard.days.length}일</p>
  </div>
  <div class="live-status">
    <a class="dashboard-switch" href="${liveDashboardUrl()}">실시간 대시보드 →</a>
    <span>읽은 시각 <time data-live-updated datetime="${dashboard.generatedAt}">${dashboard.generatedAt.slice(11, 19)}</time></span>
  </div>
</div>
${filterForm(filters, tab)}
${dashboardTabBar(dashboard.tabs, tab, (id) => weeklyDashboardUrl(filters, id as WeeklyTabId))}
${dashboard.tabs.map((t) => dashboardTabSection(t, t.id === tab, (panelId) => weeklyCsvUrl(panelId, filters)))}
</div>
${page.scripts.map((src) => html`<script src="${src}" defer></script>`)}`;
  return renderPage({ title: '주간 대시보드', crumbs: [{ label: '주간 대시보드' }], notices: page.notices, body, assets: page.assets });
}

/** The tab to show: the query's, or the first. */
export function activeWeeklyTab(tab: string | undefined): WeeklyTabId {
  return (WEEKLY_TABS as readonly string[]).includes(tab ?? '') ? (tab as WeeklyTabId) : 'menu';
}
