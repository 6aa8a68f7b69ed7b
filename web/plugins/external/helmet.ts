/**
 * Security headers on every response, through @fastify/helmet (its `onRequest` hook, so 404s and error pages
 * get them too). Pages carry no inline script or style (scripts are static files, chart data travels in data
 * attributes), so the Content-Security-Policy forbids both; `frame-ancestors 'none'` (and X-Frame-Options)
 * stops click-jacking. Strict-Transport-Security only when the site is served over HTTPS (`COOKIE_SECURE`).
 *
 * Helmet has no Permissions-Policy, and HTML is personal (CSRF token, member name) so it is never cached:
 * both are added here in `onSend`.
 */
import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';
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

async function securityHeadersPlugin(app: FastifyInstance): Promise<void> {
  await app.register(helmet, {
    global: true,
    contentSecurityPolicy: { useDefaults: false, directives: { ...CSP_DIRECTIVES } },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'same-origin' },
    crossOriginOpenerPolicy: { policy: 'same-origin' },
    crossOriginResourcePolicy: { policy: 'same-origin' },
    strictTransportSecurity: app.config.web.cookieSecure ? { maxAge: 31_536_000, includeSubDomains: true } : false,
  });
  app.addHook('onSend', (_request, reply, payload, done) => {
    reply.header('permissions-policy', PERMISSIONS_POLICY);
    const type = reply.getHeader('content-type');
    if (typeof type === 'string' && type.startsWith('text/html') && !reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    done(null, payload);
  });
}

/** The security-headers plugin (app-wide). */
export const securityHeaders = fp(securityHeadersPlugin, { name: 'ciao-security-headers', fastify: '5.x' });
