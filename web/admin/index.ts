/**
 * The admin area, everything under `/admin`: the DAG views, the real-time and weekly dashboards and the labelling
 * queue of the detector's training samples, for members with the `admin` role only, with their static files at
 * `/admin/static/…` and their error page. Register it with `{ prefix: '/admin' }`, after the app-wide plugins
 * (the role check reads `request.session`, errors go through the one error handler).
 */
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { InfraError } from '../../domain/errors';
import { MESSAGE_BY_STATUS } from '../plugins/app/error-handler';
import { chartJsFile, staticAssets } from '../plugins/app/static-assets';
import { requireAdmin } from '../sessions/require-member';
import { createRunReader } from './dags/run-reader';
import { renderErrorPage, type PageAssets } from './frame';
import { dagViewRoutes } from './routes/dags';
import { labellingRoutes } from './routes/labelling';
import { liveDashboardRoutes } from './routes/live-dashboard';
import { weeklyDashboardRoutes } from './routes/weekly-dashboard';
import { dagListUrl } from './views/links';

/** Folder of the admin area's stylesheet and browser scripts. */
export const ADMIN_STATIC_DIR = join(__dirname, 'static');

/** Served name → file of the admin area. */
export function adminAssetFiles(): Record<string, string> {
  return {
    'admin.css': join(ADMIN_STATIC_DIR, 'admin.css'),
    'admin.js': join(ADMIN_STATIC_DIR, 'admin.ts'),
    'live-dashboard.js': join(ADMIN_STATIC_DIR, 'live-dashboard.ts'),
    'labelling.css': join(ADMIN_STATIC_DIR, 'labelling.css'),
    'labelling.js': join(ADMIN_STATIC_DIR, 'labelling.ts'),
    'chart.umd.min.js': chartJsFile(),
  };
}

/** The admin area plugin. */
export async function adminArea(app: FastifyInstance): Promise<void> {
  // Admins only, checked in `onRequest` — before the body is parsed, the route's schema runs or an unknown path
  // is answered — so a visitor without the role learns nothing from parse, validation or routing errors:
  // anonymous browsers go to the login page (API calls get 401), members get 403. Only the static files are
  // public: the stylesheet and scripts hold no data and style the 403 page.
  app.addHook('onRequest', async (request, reply) => {
    if (request.routeOptions.config?.public !== true) await requireAdmin(request, reply);
  });
  await app.register(staticAssets, { files: adminAssetFiles() });
  const assets: PageAssets = { css: app.assetUrl('admin.css'), script: app.assetUrl('admin.js') };
  app.setErrorPage((request, error) => renderErrorPage(error, { assets, member: request.session?.data.member ?? null }));
  app.setNotFoundHandler(() => {
    throw new InfraError('NotFound', MESSAGE_BY_STATUS[404] ?? '');
  });

  await app.register(async (pages) => {
    pages.get('/', (_request, reply) => reply.redirect(dagListUrl()));
    await pages.register(dagViewRoutes, {
      assets,
      reader: createRunReader({ client: () => app.stores.temporal.client() }),
      temporal: { uiUrl: app.config.temporal.uiUrl, namespace: app.config.temporal.namespace },
    });
    const dashboardScripts = [app.assetUrl('chart.umd.min.js'), app.assetUrl('live-dashboard.js')];
    await pages.register(liveDashboardRoutes, { assets, scripts: dashboardScripts });
    // The weekly page is driven by the same script (without its auto-refresh).
    await pages.register(weeklyDashboardRoutes, { assets, scripts: dashboardScripts });
    await pages.register(labellingRoutes, { assets, style: app.assetUrl('labelling.css'), script: app.assetUrl('labelling.js') });
  });
}
