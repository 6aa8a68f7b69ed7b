/**
 * CSRF protection for every state-changing request (POST, PUT, PATCH, DELETE), in three checks:
 *
 * 1. `Sec-Fetch-Site`, when the browser sends it, must be `same-origin` or `none` (typed by the user);
 * 2. `Origin`, when present, must be this site's origin — scheme, host and port: `WEB_PUBLIC_URL` when it is set,
 *    otherwise the request's host with the site's scheme (https with `COOKIE_SECURE`, else http);
 * 3. the synchronizer token of the session must come back, in the `x-csrf-token` header (JSON calls) or the
 *    `_csrf` body field (forms, beacons), compared in constant time.
 *
 * The third check alone stops a forged request; the first two turn most away before the session is consulted
 * and cover a leaked token. Runs in `preValidation`, after the body is parsed and before the route schema, so
 * a forged request is answered 403 whatever its body. Routes may opt out with `config: { csrf: false }` (none
 * do today). Refusals are `Forbidden` errors (403).
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { InfraError } from '../../../domain/errors';
import { sessionStoreDown } from '../../sessions/require-member';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** False: this state-changing route does not need a CSRF token. Default true. */
    csrf?: boolean;
  }
}

/** Header JSON clients send the token in. */
export const CSRF_HEADER = 'x-csrf-token';
/** Form / beacon body field carrying the token. */
export const CSRF_FIELD = '_csrf';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** True when a `Sec-Fetch-Site` value (absent for old browsers and non-browser clients) allows the request. */
export function fetchSiteAllowed(secFetchSite: string | undefined): boolean {
  return secFetchSite === undefined || secFetchSite === 'same-origin' || secFetchSite === 'none';
}

/** True when `url` (an Origin or Referer) is an http(s) URL on this site's `host` (the Host header, host[:port]). */
export function isOwnSite(url: string, host: string): boolean {
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return false;
    // Normalise the Host header the same way (`localhost:80` and `http://localhost` are the same site).
    return parsed.host === new URL(`${parsed.protocol}//${host}`).host;
  } catch {
    return false;
  }
}

/** True when an `Origin` value (absent for non-browser clients) is `siteOrigin` (`http://127.0.0.1:3000`). */
export function originAllowed(origin: string | undefined, siteOrigin: string): boolean {
  if (origin === undefined) return true;
  try {
    return origin !== 'null' && new URL(origin).origin === new URL(siteOrigin).origin;
  } catch {
    return false;
  }
}

/** This site's origin for `request`: the configured public URL, or the request's host with the site's scheme. */
export function siteOriginOf(request: FastifyRequest): string {
  const web = request.server.config.web;
  return web.publicUrlSet ? web.publicUrl : `${web.cookieSecure ? 'https' : 'http'}://${request.host}`;
}

/** Constant-time comparison of the session token and the submitted one. */
export function tokensMatch(expected: string, submitted: unknown): boolean {
  if (typeof submitted !== 'string' || submitted.length === 0) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(submitted);
  return a.length === b.length && timingSafeEqual(a, b);
}

function submittedToken(request: FastifyRequest): unknown {
  const header = request.headers[CSRF_HEADER];
  if (typeof header === 'string') return header;
  const body = request.body;
  return body && typeof body === 'object' ? (body as Record<string, unknown>)[CSRF_FIELD] : undefined;
}

const single = (value: string | string[] | undefined): string | undefined => (Array.isArray(value) ? value[0] : value);

/** Why `request` fails the CSRF checks, or null when it passes. */
export function csrfProblem(request: FastifyRequest): string | null {
  if (SAFE_METHODS.has(request.method) || request.routeOptions.config?.csrf === false) return null;
  if (!fetchSiteAllowed(single(request.headers['sec-fetch-site']))) return 'cross-site request';
  if (!originAllowed(single(request.headers.origin), siteOriginOf(request))) return 'foreign origin';
  const session = request.session;
  if (!session) return 'no session';
  if (!tokensMatch(session.data.csrf, submittedToken(request))) return 'missing or wrong token';
  return null;
}

function csrfPlugin(app: FastifyInstance): Promise<void> {
  app.addHook('preValidation', (request, _reply, done) => {
    const reason = csrfProblem(request);
    if (reason === null) return done();
    // The session exists, perhaps, but Redis could not be asked: that is no forgery, and the answer is 503.
    if (reason === 'no session' && request.sessionUnavailable) return done(sessionStoreDown());
    request.log.warn({ reason, url: request.url }, 'CSRF check refused a request');
    done(new InfraError('Forbidden', '보안 확인에 실패했어요. 페이지를 새로고침한 뒤 다시 시도해 주세요.', { reason }));
  });
  return Promise.resolve();
}

/** The CSRF plugin (app-wide); register after the sessions plugin. */
export const csrf = fp(csrfPlugin, { name: 'ciao-csrf', fastify: '5.x', dependencies: ['ciao-sessions'] });
