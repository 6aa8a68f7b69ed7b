/**
 * The real-time dashboard of the admin pages (mounted under `/admin`, behind the admin guard):
 *
 * | route | what |
 * |---|---|
 * | `GET /logs/live?date&hour&age&gender&region&tab` | the page (day defaults to today, Korea time) |
 * | `GET /api/logs/live?date&hour&age&gender&region` | the same numbers as JSON (the page polls it) |
 * | `GET /logs/live/csv/:panelId?date&hour&age&gender&region` | one panel's table as CSV (UTF-8 with BOM) |
 *
 * Redis being down never fails the page: it renders empty with a notice. The JSON and CSV answer 503.
 */
import type { FastifyInstance } from 'fastify';
import type { Static } from '@sinclair/typebox';
import { InfraError } from '../../../domain/errors';
import { CsvParams, type CsvParamsInput } from '../schemas/dashboards';
import { noStore, sendPanelCsv } from './dashboard-replies';
import { seoulDate } from '../../../domain/age-band';
import { LiveQuerySchema, parseLiveFilters, type LiveFilters } from '../dashboards/live-filters';
import { readLiveSources } from '../dashboards/live-reader';
import { buildLiveDashboard, type LiveDashboard, type LiveSources } from '../dashboards/live-tabs';
import { panelCsvName } from '../dashboards/panel-csv';
import { activeTab, renderLiveDashboardPage } from '../views/live-dashboard-page';
import type { Notice, PageAssets } from '../frame';

/** Options of {@link liveDashboardRoutes}. */
export interface LiveDashboardOptions {
  readonly assets: PageAssets;
  /** Script URLs the page loads in order: Chart.js, then the dashboard script. */
  readonly scripts: readonly string[];
}


/** A dashboard reads many keys: it may take longer than a page's Redis deadline. */
const DASHBOARD_TIMEOUT_MS = 3000;

async function readDashboard(app: FastifyInstance, filters: LiveFilters): Promise<LiveDashboard> {
  const now = new Date();
  let sources: LiveSources;
  try {
    sources = await app.storeGuards.redis.run(() => readLiveSources(app.stores.redis.redis, filters, now), { timeoutMs: DASHBOARD_TIMEOUT_MS });
  } catch (err) {
    throw new InfraError('ServiceUnavailable', `Redis did not answer: ${err instanceof Error ? err.message : String(err)}`, {}, { cause: err });
  }
  return buildLiveDashboard(filters, sources, now);
}

/** Notices about the data itself: an empty day, and why older days are empty. */
function dataNotices(dashboard: LiveDashboard): Notice[] {
  if (!dashboard.empty) return [];
  const yesterday = seoulDate(new Date(Date.now() - 86_400_000));
  const old = dashboard.filters.date < yesterday;
  return [
    {
      level: 'info',
      // The page script hides it once a refresh brings data.
      name: 'live-empty',
      text: '이 기간에 집계된 로그가 없습니다.',
      ...(old ? { detail: '핫 티어(Redis)는 48시간만 보관합니다. 지난 7일은 웜 티어(MongoDB)에 있습니다.' } : {}),
    },
  ];
}

/** Registers the dashboard routes; mount it under `/admin` behind the admin guard. */
export function liveDashboardRoutes(app: FastifyInstance, opts: LiveDashboardOptions): Promise<void> {
  app.get<{ Querystring: Static<typeof LiveQuerySchema> }>('/logs/live', { schema: { querystring: LiveQuerySchema } }, async (request, reply) => {
    const filters = parseLiveFilters(request.query);
    const notices: Notice[] = [];
    let dashboard: LiveDashboard;
    try {
      dashboard = await readDashboard(app, filters);
      notices.push(...dataNotices(dashboard));
    } catch (err) {
      if (!(err instanceof InfraError && err.code === 'ServiceUnavailable')) throw err;
      request.log.warn({ err }, 'live dashboard: Redis unavailable');
      dashboard = buildLiveDashboard(filters, { total: {}, slots: [], windows: { main: '—', recent: '—' }, ranks: [] });
      notices.push({ level: 'warning', text: 'Redis unavailable', detail: err instanceof Error ? err.message : String(err) });
    }
    const page = renderLiveDashboardPage({ dashboard, tab: activeTab(request.query.tab), notices, assets: opts.assets, scripts: opts.scripts });
    return noStore(reply).type('text/html; charset=utf-8').send(page);
  });

  app.get<{ Querystring: Static<typeof LiveQuerySchema> }>('/api/logs/live', { schema: { querystring: LiveQuerySchema } }, async (request, reply) => {
    const dashboard = await readDashboard(app, parseLiveFilters(request.query));
    return noStore(reply).send(dashboard);
  });

  app.get<{ Params: CsvParamsInput; Querystring: Static<typeof LiveQuerySchema> }>(
    '/logs/live/csv/:panelId',
    { schema: { params: CsvParams, querystring: LiveQuerySchema } },
    async (request, reply) => {
      const filters = parseLiveFilters(request.query);
      const dashboard = await readDashboard(app, filters);
      return sendPanelCsv(reply, dashboard, request.params.panelId, (panel) => panelCsvName(panel, filters));
    },
  );

  return Promise.resolve();
}
