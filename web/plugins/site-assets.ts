/**
 * The service pages' static files — our stylesheet and scripts from `web/static/`, and Chart.js's UMD build
 * from node_modules (no CDN) — read once when the app is built and served from memory at `/static/<name>`.
 * URLs carry a content hash (`app.assetUrl('site.css')` → `/static/site.css?v=…`), so browsers may cache
 * them for a year and still see every change.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { appWide } from './app-wide';

const STATIC_DIR = join(__dirname, '..', 'static');

/** Served name → file. Only these are served. */
function assetFiles(): Record<string, string> {
  return {
    'site.css': join(STATIC_DIR, 'css', 'site.css'),
    'beacon.js': join(STATIC_DIR, 'js', 'beacon.js'),
    'mypage-chart.js': join(STATIC_DIR, 'js', 'mypage-chart.js'),
    'chart.umd.min.js': join(dirname(require.resolve('chart.js/auto')), '..', 'dist', 'chart.umd.min.js'),
  };
}

const TYPES: Readonly<Record<string, string>> = { '.css': 'text/css; charset=utf-8', '.js': 'text/javascript; charset=utf-8' };

/** The names {@link assetFiles} serves. */
export type AssetName = 'site.css' | 'beacon.js' | 'mypage-chart.js' | 'chart.umd.min.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Versioned URL of a static file of the service pages. */
    assetUrl(name: AssetName): string;
  }
}

const FileParams = Type.Object({ file: Type.String({ pattern: '^[a-z0-9][a-z0-9._-]*$', maxLength: 64 }) });

function siteAssetsPlugin(app: FastifyInstance): Promise<void> {
  const assets = new Map<string, { body: Buffer; type: string; hash: string }>();
  for (const [name, file] of Object.entries(assetFiles())) {
    const body = readFileSync(file);
    assets.set(name, { body, type: TYPES[extname(name)] ?? 'application/octet-stream', hash: createHash('sha256').update(body).digest('hex').slice(0, 10) });
  }
  app.decorate('assetUrl', (name: AssetName) => `/static/${name}?v=${assets.get(name)?.hash ?? '0'}`);
  app.get<{ Params: Static<typeof FileParams> }>('/static/:file', { schema: { params: FileParams }, config: { session: false } }, async (request, reply) => {
    const asset = assets.get(request.params.file);
    if (!asset) return reply.callNotFound();
    return reply.header('cache-control', 'public, max-age=31536000, immutable').header('etag', `"${asset.hash}"`).type(asset.type).send(asset.body);
  });
  return Promise.resolve();
}

/** The static files of the service pages (app-wide, so `app.assetUrl` is visible to every route). */
export const siteAssets = appWide(siteAssetsPlugin, 'ciao-site-assets');
