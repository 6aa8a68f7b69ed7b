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
import { ecopointRoutes } from './routes/ecopoint';
import { nolabelRoutes } from './routes/nolabel';
import { pageRoutes } from './routes/pages';
import { productApiRoutes } from './routes/product-api';
import { SiteProductSearch } from './product-search-service';
import { placesRoutes } from './routes/places';
import { frameOf } from './send-page';
import { renderSitePage } from './frame';
import { errorBody, errorHeading } from './views/error';
import { monthlyAverages } from '../../activities/ecopoints/ledger';
import { MemberSummaries, MYPAGE_MONTHS } from './mypage/member-summaries';
import { UploadHistories } from './mypage/upload-histories';
import { STALE_FACTOR } from '../../activities/ecopoints/summary-cache';
import { MonthlyAverages } from './mypage/monthly-averages';

declare module 'fastify' {
  interface FastifyInstance {
    /** Mypage's member summaries (Redis-cached; the site area only). */
    memberSummaries: MemberSummaries;
    /** Mypage's upload histories (Redis-cached, dropped by the writers; the site area only). */
    uploadHistories: UploadHistories;
    /** The members' monthly averages for mypage's chart (kept in memory; the site area only). */
    monthlyAverages: MonthlyAverages;
  }
}

/** Folder of the site's stylesheet and browser scripts. */
export const SITE_STATIC_DIR = join(__dirname, 'static');

/** Served name → file of the site area. */
export function siteAssetFiles(): Record<string, string> {
  return {
    'site.css': join(SITE_STATIC_DIR, 'site.css'),
    'site.js': join(SITE_STATIC_DIR, 'site.ts'),
    'favicon.svg': join(SITE_STATIC_DIR, 'favicon.svg'),
    'mypage-chart.js': join(SITE_STATIC_DIR, 'mypage-chart.ts'),
    'ecopoint.js': join(SITE_STATIC_DIR, 'ecopoint.ts'),
    'nolabel.js': join(SITE_STATIC_DIR, 'nolabel.ts'),
    'product-placeholder.svg': join(SITE_STATIC_DIR, 'product-placeholder.svg'),
    'chart.umd.min.js': chartJsFile(),
    'lesswaste-map.js': join(SITE_STATIC_DIR, 'lesswaste-map.ts'),
    ...leafletStyleFiles(),
  };
}

/** Options of the site area. */
export interface SiteAreaOptions {
  /** Index or alias the product search reads (default: the `nolabel-products` alias; tests pass their own). */
  readonly productsIndex?: string;
  /** The alias the less-waste map searches. */
  readonly placesAlias: string;
}

/** The site area plugin. */
export async function siteArea(app: FastifyInstance, options: SiteAreaOptions): Promise<void> {
  await app.register(staticAssets, { files: siteAssetFiles() });
  app.decorate('productSearch', new SiteProductSearch(app, options.productsIndex ? { index: options.productsIndex } : {}));
  // Browsers ask for /favicon.ico on their own: send them to the (cached) icon.
  app.get('/favicon.ico', { config: { session: false } }, (_request, reply) => reply.redirect(app.assetUrl('favicon.svg'), 301));
  const { stores, storeGuards, config } = app;
  const ttlS = config.web.mypageCacheTtlS;
  app.decorate('memberSummaries', new MemberSummaries(stores.redis.redis, stores.mongo.db, storeGuards, ttlS, MYPAGE_MONTHS));
  // Writers drop a member's history copy, so it may outlive the summary's TTL: the TTL only bounds a missed drop.
  app.decorate('uploadHistories', new UploadHistories(stores.redis.redis, stores.mongo.db, storeGuards, ttlS * STALE_FACTOR));
  app.decorate('monthlyAverages', new MonthlyAverages((months, now) => storeGuards.mongo.run(() => monthlyAverages(stores.mongo.db, months, now)), ttlS * 1000, MYPAGE_MONTHS));
  app.setErrorPage((request, error) => renderSitePage(frameOf(request, app), { title: errorHeading(error.status), body: errorBody(error.status, error.message) }));
  await app.register(pageRoutes);
  await app.register(placesRoutes, { alias: options.placesAlias });
  await app.register(accountRoutes);
  await app.register(accountRecoveryRoutes);
  await app.register(beaconRoutes);
  await app.register(ecopointRoutes);
  await app.register(nolabelRoutes);
  await app.register(productApiRoutes);
}
