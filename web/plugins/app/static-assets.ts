/**
 * The one static-asset plugin, registered once per area with that area's files: the site's at `/static/…`,
 * the admin area's at `/admin/static/…` (the route takes the registering context's prefix).
 *
 * Files are read (stylesheets, Chart.js's UMD build from node_modules — no CDN) or bundled (browser scripts
 * written in TypeScript, `*.ts`, bundled by esbuild into one IIFE each) once when the app is built, and served
 * from memory. Their URLs carry a content hash (`app.assetUrl('site.css')` → `/static/site.css?v=1a2b3c4d5e`),
 * so browsers may cache them for a year (`immutable`) and still see every change; the ETag is the same hash.
 * Only the listed names are served, so nothing else on disk is reachable through this route.
 *
 * Why not @fastify/static: it serves files from a folder as they are on disk; here a name maps to a file or to
 * an esbuild bundle made in memory, and the URL needs the content hash — the part @fastify/static lacks.
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import { buildSync } from 'esbuild';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { InfraError } from '../../../domain/errors';
import { AssetParams, type AssetParamsInput } from '../../schemas/assets';

/** Options of {@link staticAssets}. */
export interface StaticAssetsOptions {
  /**
   * Served name (`[a-z0-9._-]`, e.g. `site.css`, `site.js`) → absolute path of the file. A `.ts` file is
   * bundled by esbuild (its imports included) and served as JavaScript.
   */
  readonly files: Readonly<Record<string, string>>;
}

interface Asset {
  readonly body: Buffer;
  readonly type: string;
  readonly hash: string;
}

declare module 'fastify' {
  interface FastifyInstance {
    /**
     * Versioned URL of a static file of this area (`/admin/static/admin.css?v=…`).
     * @throws Error for a name the area does not serve (a programming error, found at startup)
     */
    assetUrl(name: string): string;
  }
}

const TYPES: Readonly<Record<string, string>> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.ts': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.png': 'image/png',
};

/** Bundles kept per entry file and modification time, so the many apps of a test run bundle each script once. */
const bundles = new Map<string, Buffer>();

/** The browser bundle of a TypeScript entry file (ES2020, one IIFE, minified, no source map). */
export function bundleBrowserScript(entry: string): Buffer {
  const key = `${entry}@${statSync(entry).mtimeMs}`;
  const cached = bundles.get(key);
  if (cached) return cached;
  const result = buildSync({ entryPoints: [entry], bundle: true, write: false, format: 'iife', target: 'es2020', platform: 'browser', minify: true, legalComments: 'none', logLevel: 'silent' });
  const body = Buffer.from(result.outputFiles[0]?.contents ?? new Uint8Array());
  bundles.set(key, body);
  return body;
}

/** Path of Chart.js's UMD build in node_modules (both areas draw charts with it). */
export function chartJsFile(): string {
  return join(dirname(require.resolve('chart.js/auto')), '..', 'dist', 'chart.umd.min.js');
}

/**
 * Leaflet's and Leaflet.markercluster's stylesheets from node_modules (their scripts are bundled into the
 * map's script by esbuild): served name → file.
 */
export function leafletStyleFiles(): Record<string, string> {
  const leaflet = dirname(require.resolve('leaflet'));
  const cluster = dirname(require.resolve('leaflet.markercluster'));
  return {
    'leaflet.css': join(leaflet, 'leaflet.css'),
    'markercluster.css': join(cluster, 'MarkerCluster.css'),
    'markercluster-default.css': join(cluster, 'MarkerCluster.Default.css'),
  };
}

function loadAsset(file: string): Asset {
  const ext = extname(file);
  const body = ext === '.ts' ? bundleBrowserScript(file) : readFileSync(file);
  return { body, type: TYPES[ext] ?? 'application/octet-stream', hash: createHash('sha256').update(body).digest('hex').slice(0, 10) };
}

function staticAssetsPlugin(app: FastifyInstance, options: StaticAssetsOptions): Promise<void> {
  const assets = new Map<string, Asset>(Object.entries(options.files).map(([name, file]) => [name, loadAsset(file)]));
  const base = `${app.prefix}/static`;
  app.decorate('assetUrl', (name: string) => {
    const asset = assets.get(name);
    if (!asset) throw new Error(`no static asset ${name} under ${base}`);
    return `${base}/${name}?v=${asset.hash}`;
  });
  app.get<{ Params: AssetParamsInput }>('/static/:file', { schema: { params: AssetParams }, config: { session: false, public: true } }, async (request, reply) => {
    const asset = assets.get(request.params.file);
    // Not the area's 404 handler: that one may check the admin role, and a missing file is public knowledge.
    if (!asset) throw new InfraError('NotFound', '없는 파일이에요.');
    reply.header('cache-control', 'public, max-age=31536000, immutable').header('etag', `"${asset.hash}"`);
    if (request.headers['if-none-match'] === `"${asset.hash}"`) return reply.code(304).send();
    return reply.type(asset.type).send(asset.body);
  });
  return Promise.resolve();
}

/**
 * The static files of one area. Wrapped with fastify-plugin so `assetUrl` decorates the area that registers it
 * (each area is its own encapsulated context, so the site and the admin area each have their own).
 */
export const staticAssets = fp(staticAssetsPlugin, { name: 'ciao-static-assets', fastify: '5.x' });
