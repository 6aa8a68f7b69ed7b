/**
 * Renders a service page for a request: makes sure the visitor has a session (its CSRF token goes into the
 * forms and the beacon, its id into the events), puts the page in the frame, reports a `page_view`, sends it.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isCiaoError } from '../../domain/errors';
import { renderSitePage, type Frame, type SitePage } from './frame';

/** Options of {@link sendPage}. */
export interface SendOptions {
  /** HTTP status (default 200). */
  readonly status?: number;
  /** Report a page_view (default true; false for re-rendered forms and error pages). */
  readonly pageView?: boolean;
}

/**
 * The frame of `request`: its member, CSRF token and the asset URLs of the site area `site` (default: the
 * context of the request's route, which is the site area for every site route). Never creates a session.
 */
export function frameOf(request: FastifyRequest, site: FastifyInstance = request.server): Frame {
  const app = site;
  return {
    member: request.session?.data.member ?? null,
    csrf: request.session?.data.csrf ?? null,
    assets: { css: app.assetUrl('site.css'), script: app.assetUrl('site.js'), icon: app.assetUrl('favicon.svg') },
    heartbeatMs: Math.max(2000, Math.floor(app.config.web.browserClosedGraceMs / 2)),
  };
}

/** See the module comment. A Redis failure while creating the session still renders the page (without forms that work). */
export async function sendPage(request: FastifyRequest, reply: FastifyReply, page: SitePage, options: SendOptions = {}): Promise<FastifyReply> {
  try {
    await reply.ensureSession();
  } catch (err) {
    if (isCiaoError(err, 'RateLimited')) request.log.debug('anonymous session limit reached; rendering without a session');
    else request.log.warn({ err }, 'could not create a session; rendering without one');
  }
  if (options.pageView ?? true) request.publishEvent('page_view', {});
  return reply.code(options.status ?? 200).type('text/html; charset=utf-8').send(renderSitePage(frameOf(request), page));
}
