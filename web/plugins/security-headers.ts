/**
 * Security headers on every response of the service pages. Pages carry no inline script or style (scripts
 * are static files, chart data travels in data attributes), so the Content-Security-Policy can forbid both;
 * `frame-ancestors 'none'` (and the legacy X-Frame-Options) stops click-jacking. HTML is personal (CSRF
 * token, member name), so it is never cached. The admin area sets its own, stricter policy on top.
 */
import type { FastifyInstance } from 'fastify';
import { appWide } from './app-wide';

/** The Content-Security-Policy of the service pages. */
export const SITE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

function securityHeadersPlugin(app: FastifyInstance): Promise<void> {
  app.addHook('onSend', (_request, reply, payload, done) => {
    reply
      .header('content-security-policy', SITE_CSP)
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'same-origin')
      .header('x-frame-options', 'DENY')
      .header('cross-origin-opener-policy', 'same-origin')
      .header('permissions-policy', 'geolocation=(self), camera=(self), microphone=()');
    const type = reply.getHeader('content-type');
    if (typeof type === 'string' && type.startsWith('text/html') && !reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    done(null, payload);
  });
  return Promise.resolve();
}

/** The security-headers plugin (app-wide). */
export const securityHeaders = appWide(securityHeadersPlugin, 'ciao-security-headers');
