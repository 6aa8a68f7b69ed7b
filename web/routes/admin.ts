/**
 * Everything under `/admin`, as one plugin: security headers, HTML error pages, the static assets, and — for
 * members with the `admin` role only — the DAG views and the real-time and weekly dashboards. Register it with
 * `{ prefix: '/admin' }`, after the sessions plugin (the role check reads `request.session`).
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isCiaoError } from '../../domain/errors';
import { requireAdmin } from '../accounts/require-member';
import { createRunReader } from '../dags/run-reader';
import { httpStatusOf } from '../http-status';
import { dagListUrl } from '../views/links';
import { renderErrorPage, type PageAssets } from '../views/page';
import { dagViewRoutes } from './admin-dags';
import { liveDashboardRoutes } from './admin-live-dashboard';
import { weeklyDashboardRoutes } from './admin-weekly-dashboard';
import { loadStaticAssets, staticAssetRoutes } from './static-assets';

const HEADINGS: Readonly<Record<number, string>> = {
  400: 'Bad request · 잘못된 요청',
  403: 'Forbidden · 접근 불가',
  404: 'Not found · 찾을 수 없음',
  503: 'Unavailable · 일시적으로 사용할 수 없음',
};

/** Pages use no inline script or style, so the policy can forbid both. */
const CSP = "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

const wantsJson = (request: FastifyRequest): boolean => request.url.startsWith('/admin/api/');

function sendError(request: FastifyRequest, reply: FastifyReply, status: number, message: string, code: string, assets: PageAssets): FastifyReply {
  if (wantsJson(request)) return reply.code(status).send({ error: code, message });
  const heading = HEADINGS[status] ?? (status >= 500 ? 'Server error · 서버 오류' : 'Error');
  return reply.code(status).type('text/html; charset=utf-8').send(renderErrorPage(status, heading, message, assets));
}

/** The admin area plugin. */
export async function adminRoutes(app: FastifyInstance): Promise<void> {
  const files = loadStaticAssets();
  const assets: PageAssets = { css: files.url('admin.css'), script: files.url('admin.js') };

  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('content-security-policy', CSP).header('x-content-type-options', 'nosniff').header('referrer-policy', 'same-origin').header('x-frame-options', 'DENY');
    return payload;
  });
  app.setErrorHandler((err: FastifyError, request, reply) => {
    const status = err.validation ? 400 : httpStatusOf(err);
    if (status >= 500) request.log.error({ err }, 'admin request failed');
    const message = status >= 500 && !isCiaoError(err) ? 'Something went wrong; the server log has the details.' : err.message;
    const code = isCiaoError(err) ? err.code : (err.code ?? 'Error');
    return sendError(request, reply, status, message, code, assets);
  });
  // Unknown paths get the role check too, so only admins learn which admin paths exist.
  app.setNotFoundHandler({ preHandler: requireAdmin }, (request, reply) => sendError(request, reply, 404, `Nothing at ${request.url.split('?')[0] ?? ''}.`, 'NotFound', assets));

  // Public: the stylesheet and scripts hold no data, are the same for everyone, and style the 403 page a
  // member without the role sees.
  await app.register(staticAssetRoutes, { assets: files });
  // Everything else: admins only. `onRequest`, so a visitor without the role learns nothing from validation
  // errors either; anonymous browsers go to the login page (API calls get 401), members get 403.
  await app.register(async (pages) => {
    pages.addHook('onRequest', requireAdmin);
    pages.get('/', (_request, reply) => reply.redirect(dagListUrl()));
    await pages.register(dagViewRoutes, {
      assets,
      reader: createRunReader({ client: () => app.stores.temporal.client() }),
      temporal: { uiUrl: app.config.temporal.uiUrl, namespace: app.config.temporal.namespace },
    });
    const dashboardScripts = [app.assetUrl('chart.umd.min.js'), files.url('live-dashboard.js')];
    await pages.register(liveDashboardRoutes, { assets, scripts: dashboardScripts });
    // The weekly page is driven by the same script (without its auto-refresh).
    await pages.register(weeklyDashboardRoutes, { assets, scripts: dashboardScripts });
  });
}
