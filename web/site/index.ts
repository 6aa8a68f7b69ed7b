/**
 * The site area: the service pages (main, about, accounts, mypage, menus) and the browser's event beacon,
 * with their static files at `/static/…` and their error page. Register at the root (no prefix), after the
 * app-wide plugins.
 */
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { chartJsFile, leafletStyleFiles, staticAssets } from '../plugins/app/static-assets';
import { accountRecoveryRoutes } from './routes/account-recovery';
import { accountRoutes } from './routes/accounts';
import { beaconRoutes } from './routes/beacon';
import { pageRoutes } from './routes/pages';
import { placesRoutes } from './routes/places';
import { frameOf } from './send-page';
import { renderSitePage } from './frame';
import { errorBody, errorHeading } from './views/error';

/** Folder of the site's stylesheet and browser scripts. */
export const SITE_STATIC_DIR = join(__dirname, 'static');

/** Served name → file of the site area. */
export function siteAssetFiles(): Record<string, string> {
  return {
    'site.css': join(SITE_STATIC_DIR, 'site.css'),
    'site.js': join(SITE_STATIC_DIR, 'site.ts'),
    'favicon.svg': join(SITE_STATIC_DIR, 'favicon.svg'),
    'mypage-chart.js': join(SITE_STATIC_DIR, 'mypage-chart.ts'),
    'chart.umd.min.js': chartJsFile(),
    'lesswaste-map.js': join(SITE_STATIC_DIR, 'lesswaste-map.ts'),
    ...leafletStyleFiles(),
  };
}

/** Options of the site area. */
export interface SiteAreaOptions {
  /** The alias the less-waste map searches. */
  readonly placesAlias: string;
}

/** The site area plugin. */
export async function siteArea(app: FastifyInstance, options: SiteAreaOptions): Promise<void> {
  await app.register(staticAssets, { files: siteAssetFiles() });
  // Browsers ask for /favicon.ico on their own: send them to the (cached) icon.
  app.get('/favicon.ico', { config: { session: false } }, (_request, reply) => reply.redirect(app.assetUrl('favicon.svg'), 301));
  app.setErrorPage((request, error) => renderSitePage(frameOf(request, app), { title: errorHeading(error.status), body: errorBody(error.status, error.message) }));
  await app.register(pageRoutes);
  await app.register(placesRoutes, { alias: options.placesAlias });
  await app.register(accountRoutes);
  await app.register(accountRecoveryRoutes);
  await app.register(beaconRoutes);
}
