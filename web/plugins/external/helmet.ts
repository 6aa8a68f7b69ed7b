/**
 * Security headers on every response, through @fastify/helmet (its `onRequest` hook, so 404s and error pages
 * get them too). Pages carry no inline script or style (scripts are static files, chart data travels in data
 * attributes), so the Content-Security-Policy forbids both; `frame-ancestors 'none'` (and X-Frame-Options)
 * stops click-jacking. Strict-Transport-Security only when the site is served over HTTPS (`COOKIE_SECURE`).
 *
 * Helmet has no Permissions-Policy, and HTML is personal (CSRF token, member name) so it is never cached:
 * both are added here in `onSend`.
 */
import fastifyHelmet from '@fastify/helmet';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';
import fp from 'fastify-plugin';

/** The Content-Security-Policy directives of both areas. */
export const CSP_DIRECTIVES = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
} as const;

const PERMISSIONS_POLICY = 'geolocation=(self), camera=(self), microphone=()';

/**
 * Helmet's settings for this app (`https`: the site is served over HTTPS, so HSTS is sent; `tileOrigin`: the
 * map tile server (`MAP_TILE_URL`), whose images the less-waste map loads — the only other origin allowed).
 */
export function helmetOptions(https: boolean, tileOrigin = ''): HelmetOptions {
  return {
    contentSecurityPolicy: { useDefaults: false, directives: { ...CSP_DIRECTIVES, imgSrc: tileOrigin ? [...CSP_DIRECTIVES.imgSrc, tileOrigin] : [...CSP_DIRECTIVES.imgSrc] } },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'same-origin' },
    crossOriginOpenerPolicy: { policy: 'same-origin' },
    crossOriginResourcePolicy: { policy: 'same-origin' },
    strictTransportSecurity: https ? { maxAge: 31_536_000, includeSubDomains: true } : false,
  };
}

/** HTML and JSON are personal (CSRF token, member data): never cached unless the route says otherwise. */
function addPageHeaders(reply: FastifyReply): void {
  reply.header('permissions-policy', PERMISSIONS_POLICY);
  const type = reply.getHeader('content-type');
  if (typeof type === 'string' && (type.startsWith('text/html') || type.startsWith('application/json')) && !reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
}

/**
 * The same headers for a response that skips the hooks (Fastify's framework errors: a malformed URL, a path
 * parameter over the limit), set directly on the raw response.
 */
export function applySecurityHeaders(request: FastifyRequest, reply: FastifyReply, https: boolean, tileOrigin = ''): void {
  helmet(helmetOptions(https, tileOrigin))(request.raw, reply.raw, () => undefined);
  reply.header('permissions-policy', PERMISSIONS_POLICY);
}

async function securityHeadersPlugin(app: FastifyInstance): Promise<void> {
  await app.register(fastifyHelmet, { global: true, ...helmetOptions(app.config.web.cookieSecure, app.config.map.tileOrigin) });
  app.addHook('onSend', (_request, reply, payload, done) => {
    addPageHeaders(reply);
    done(null, payload);
  });
}

/** The security-headers plugin (app-wide). */
export const securityHeaders = fp(securityHeadersPlugin, { name: 'ciao-security-headers', fastify: '5.x' });
