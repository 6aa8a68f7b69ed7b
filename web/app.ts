/**
 * Builds the Fastify application (no listening here: see server.ts), so tests can `inject` requests.
 *
 * One app, two areas (after fastify/demo's layout):
 * - `plugins/external/` — third-party plugins set up for this app (@fastify/helmet, @fastify/rate-limit);
 * - `plugins/app/` — this app's own app-wide plugins (fastify-plugin): the one error handler, form bodies,
 *   the store guards (a store that is down fails fast: 503, not 500), sessions, events, metrics, CSRF, the
 *   failed-login throttle, password hashing a few at a time, the mailer, and the static-asset plugin each area
 *   uses;
 * - `probes/` — `/healthz`, `/readyz`, `/metrics` (no session, no event);
 * - `site/` — the service pages (routes, schemas, views, static files, page frame) at `/`;
 * - `admin/` — the DAG views and dashboards (routes, views, static files, page frame) at `/admin`.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import type { Config } from '../infra/config';
import { SEARCH } from '../infra/contracts';
import type { Stores } from '../infra/stores';
import { adminArea } from './admin';
import { csrf } from './plugins/app/csrf';
import { errorHandler } from './plugins/app/error-handler';
import { events, type EventsPluginOptions } from './plugins/app/events';
import { formBody } from './plugins/app/form-body';
import { loginThrottle } from './plugins/app/login-throttle';
import { mailer } from './plugins/app/mailer';
import { dagMetrics } from './plugins/app/dag-metrics';
import { metrics } from './plugins/app/metrics';
import { passwordHashing } from './plugins/app/password-hashing';
import { sessions } from './plugins/app/sessions';
import { storeGuards } from './plugins/app/store-guards';
import { applySecurityHeaders, securityHeaders } from './plugins/external/helmet';
import { routeRateLimit } from './plugins/external/rate-limit';
import type { MailSender } from './mail/mail-sender';
import { healthRoutes } from './probes/health-routes';
import { metricsRoutes } from './probes/metrics-routes';
import { siteArea } from './site';

declare module 'fastify' {
  interface FastifyInstance {
    /** Frozen configuration. */
    config: Config;
    /** One client per backing service. */
    stores: Stores;
  }
}

/** Dependencies of the web app. */
export interface AppDeps {
  readonly config: Config;
  readonly stores: Stores;
  /** pino logger on (default) or off (tests). */
  readonly logger?: boolean;
  /** Event publishing (default: on, to `logs.raw`). */
  readonly events?: EventsPluginOptions;
  /** Sends e-mail (default: writes each mail to the log). */
  readonly mailer?: MailSender;
  /** Index or alias the product search reads (default: the `nolabel-products` alias). */
  readonly productsIndex?: string;
  /** The alias the less-waste map searches (default: the contract's `lesswaste-places`; tests use their own). */
  readonly placesAlias?: string;
}

/** Creates the app with its plugins and both areas registered. */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const web = deps.config.web;
  const app: FastifyInstance = Fastify({
    logger: deps.logger === false ? false : { level: deps.config.logLevel },
    bodyLimit: 1024 * 1024,
    trustProxy: false,
    // A client must send its whole request within WEB_REQUEST_TIMEOUT_S (a body that never ends is cut off with
    // 408), idle keep-alive sockets close after 5 s; Node checks the timeouts every second.
    requestTimeout: web.requestTimeoutMs,
    keepAliveTimeout: 5000,
    http: { headersTimeout: Math.min(web.requestTimeoutMs, 10_000), connectionsCheckingInterval: 1000 },
    // Long path segments are routed (and refused by the route's schema, after its access check) rather than
    // refused by the router before it.
    routerOptions: { maxParamLength: 1000 },
    // Malformed URLs and over-long parameters skip the hooks: give them the same headers and error shape.
    frameworkErrors: (err, request, reply) => {
      applySecurityHeaders(request, reply, web.cookieSecure, deps.config.map.tileOrigin);
      app.replyError(request, reply, err);
    },
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false } },
  });
  app.decorate('config', deps.config);
  app.decorate('stores', deps.stores);
  // External plugins, then the app's own, in order: sessions before what reads them (events, CSRF); metrics
  // after events; the error handler before the areas, which set their error pages on it.
  await app.register(securityHeaders);
  await app.register(routeRateLimit);
  await app.register(errorHandler);
  await app.register(formBody);
  await app.register(storeGuards);
  await app.register(sessions);
  await app.register(events, deps.events ?? {});
  await app.register(metrics);
  await app.register(dagMetrics);
  await app.register(csrf);
  await app.register(loginThrottle);
  await app.register(passwordHashing);
  await app.register(mailer, deps.mailer ? { sender: deps.mailer } : {});
  // Probes, then the two areas.
  await app.register(healthRoutes);
  await app.register(metricsRoutes);
  await app.register(siteArea, { placesAlias: deps.placesAlias ?? SEARCH.placesIndex, ...(deps.productsIndex ? { productsIndex: deps.productsIndex } : {}) });
  await app.register(adminArea, { prefix: '/admin' });
  return app;
}
