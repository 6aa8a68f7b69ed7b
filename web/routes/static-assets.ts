/**
 * The admin pages' stylesheet and script, read from `web/static/` once when the app is built and served from
 * memory (no @fastify/static in the dependencies; two small files do not need it). URLs carry a content hash,
 * so browsers may cache them for a year and still see every change.
 */
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { extname, join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';

const TYPES: Readonly<Record<string, string>> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
};

interface Asset {
  readonly body: Buffer;
  readonly type: string;
  readonly hash: string;
}

/** Static files loaded in memory, and their versioned URLs. */
export interface StaticAssets {
  /** URL path prefix the files are served under (e.g. `/admin/static`). */
  readonly prefix: string;
  /** Versioned URL of `name` (`/admin/static/admin.css?v=1a2b3c4d5e`). @throws Error for a file not loaded */
  url(name: string): string;
  /** The file `name`, if loaded. */
  get(name: string): Asset | undefined;
}

/** Default folder of the static files. */
export const STATIC_DIR = join(__dirname, '..', 'static');

/**
 * Reads every file of a known type in `dir` (default `web/static/`) once.
 * @param prefix URL path the routes are mounted at (default `/admin/static`)
 */
export function loadStaticAssets(dir: string = STATIC_DIR, prefix = '/admin/static'): StaticAssets {
  const files = new Map<string, Asset>();
  for (const name of readdirSync(dir)) {
    const type = TYPES[extname(name)];
    if (!type) continue;
    const body = readFileSync(join(dir, name));
    files.set(name, { body, type, hash: createHash('sha256').update(body).digest('hex').slice(0, 10) });
  }
  return {
    prefix,
    url(name) {
      const asset = files.get(name);
      if (!asset) throw new Error(`no static asset ${name} in ${dir}`);
      return `${prefix}/${name}?v=${asset.hash}`;
    },
    get: (name) => files.get(name),
  };
}

const FileParams = Type.Object({ file: Type.String({ pattern: '^[a-z0-9][a-z0-9._-]*$', maxLength: 64 }) });

/** Routes `GET /static/:file` (relative to the registering prefix) serving `opts.assets` from memory. */
export function staticAssetRoutes(app: FastifyInstance, opts: { assets: StaticAssets }): Promise<void> {
  app.get<{ Params: Static<typeof FileParams> }>('/static/:file', { schema: { params: FileParams } }, async (request, reply) => {
    const asset = opts.assets.get(request.params.file);
    if (!asset) return reply.callNotFound();
    return reply
      .header('cache-control', 'public, max-age=31536000, immutable')
      .header('etag', `"${asset.hash}"`)
      .type(asset.type)
      .send(asset.body);
  });
  return Promise.resolve();
}
