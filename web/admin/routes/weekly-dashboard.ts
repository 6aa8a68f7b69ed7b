/**
 * The weekly dashboard of the admin pages (mounted under `/admin`, behind the admin guard), over the warm
 * tier (MongoDB `logs_daily`, the last 7 days):
 *
 * | route | what |
 * |---|---|
 * | `GET /logs/weekly?date&age&gender&region&tab` | the page (the 7 days ending at `date`, default yesterday, Korea time) |
 * | `GET /api/logs/weekly?date&age&gender&region` | the same numbers as JSON (the page's script draws from it) |
 * | `GET /logs/weekly/csv/:panelId?date&age&gender&region` | one panel's table as CSV (UTF-8 with BOM) |
 *
 * MongoDB being down never fails the page: it renders empty with a notice. The JSON and CSV answer 503.
 */
import type { FastifyInstance } from 'fastify';
import type { Static } from '@sinclair/typebox';
import { InfraError } from '../../../domain/errors';
import { CsvParams, type CsvParamsInput } from '../schemas/dashboards';
import { noStore, sendPanelCsv } from './dashboard-replies';
import { parseWeeklyFilters, weekDays, weeklyFilterSlug, WeeklyQuerySchema, type WeeklyFilters } from '../dashboards/weekly-filters';
import { readWeeklySources } from '../dashboards/weekly-reader';
import { buildWeeklyDashboard, type WeeklyDashboard } from '../dashboards/weekly-tabs';
import { activeWeeklyTab, renderWeeklyDashboardPage } from '../views/weekly-dashboard-page';
import type { Notice, PageAssets } from '../frame';

/** Options of {@link weeklyDashboardRoutes}. */
export interface WeeklyDashboardOptions {
  readonly assets: PageAssets;
  /** Script URLs the page loads in order: Chart.js, then the dashboard script. */
  readonly scripts: readonly string[];
}


/** A week of aggregates may take longer than a page's MongoDB deadline. */
const DASHBOARD_TIMEOUT_MS = 5000;

async function readDashboard(app: FastifyInstance, filters: WeeklyFilters): Promise<WeeklyDashboard> {
  const days = weekDays(filters);
  try {
    const sources = await app.storeGuards.mongo.run(() => readWeeklySources(app.stores.mongo.db, days[0] ?? filters.date, filters.date), { timeoutMs: DASHBOARD_TIMEOUT_MS });
    return buildWeeklyDashboard(filters, sources);
  } catch (err) {
    throw new InfraError('ServiceUnavailable', `MongoDB did not answer: ${err instanceof Error ? err.message : String(err)}`, {}, { cause: err });
  }
}

/** Notices about the data itself: days of the 7 the warm tier does not hold. */
function dataNotices(dashboard: WeeklyDashboard): Notice[] {
  const missing = dashboard.days.filter((d) => !dashboard.daysWithData.includes(d));
  if (missing.length === 0) return [];
  return [
    {
      level: 'info',
      text: dashboard.empty ? '이 기간에 웜 티어 데이터가 없습니다.' : `데이터가 없는 날: ${missing.join(', ')}`,
      detail: '웜 티어는 매일 00:20 (KST) logs_warm_tier DAG가 전날 집계를 적재하고 최근 7일만 보관합니다.',
    },
  ];
}

/** Registers the weekly dashboard routes; mount it under `/admin` behind the admin guard. */
export function weeklyDashboardRoutes(app: FastifyInstance, opts: WeeklyDashboardOptions): Promise<void> {
  app.get<{ Querystring: Static<typeof WeeklyQuerySchema> }>('/logs/weekly', { schema: { querystring: WeeklyQuerySchema } }, async (request, reply) => {
    const filters = parseWeeklyFilters(request.query);
    const notices: Notice[] = [];
    let dashboard: WeeklyDashboard;
    try {
      dashboard = await readDashboard(app, filters);
      notices.push(...dataNotices(dashboard));
    } catch (err) {
      if (!(err instanceof InfraError && err.code === 'ServiceUnavailable')) throw err;
      request.log.warn({ err }, 'weekly dashboard: MongoDB unavailable');
      dashboard = buildWeeklyDashboard(filters, { counts: [], rankings: [], distributions: [] });
      notices.push({ level: 'warning', text: 'MongoDB unavailable', detail: err.message });
    }
    const page = renderWeeklyDashboardPage({ dashboard, tab: activeWeeklyTab(request.query.tab), notices, assets: opts.assets, scripts: opts.scripts });
    return noStore(reply).type('text/html; charset=utf-8').send(page);
  });

  app.get<{ Querystring: Static<typeof WeeklyQuerySchema> }>('/api/logs/weekly', { schema: { querystring: WeeklyQuerySchema } }, async (request, reply) => {
    const dashboard = await readDashboard(app, parseWeeklyFilters(request.query));
    return noStore(reply).send(dashboard);
  });

  app.get<{ Params: CsvParamsInput; Querystring: Static<typeof WeeklyQuerySchema> }>(
    '/logs/weekly/csv/:panelId',
    { schema: { params: CsvParams, querystring: WeeklyQuerySchema } },
    async (request, reply) => {
      const filters = parseWeeklyFilters(request.query);
      const dashboard = await readDashboard(app, filters);
      return sendPanelCsv(reply, dashboard, request.params.panelId, (panel) => `ciao-weekly_${panel.id}_${weeklyFilterSlug(filters)}.csv`);
    },
  );

  return Promise.resolve();
}
