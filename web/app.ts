/**
 * Builds the Fastify application (no listening here: see server.ts), so tests can `inject` requests.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import type { Config } from '../infra/config';
import type { Stores } from '../infra/stores';
import { accountRoutes } from './accounts/routes';
import { beaconRoutes } from './events/beacon-routes';
import { pageRoutes } from './pages/routes';
import { csrf } from './plugins/csrf';
import { errorHandler } from './plugins/error-handler';
import { events, type EventsPluginOptions } from './plugins/events';
import { formBody } from './plugins/form-body';
import { loginRateLimit } from './plugins/login-rate-limit';
import { metrics } from './plugins/metrics';
import { securityHeaders } from './plugins/security-headers';
import { sessions } from './plugins/sessions';
import { siteAssets } from './plugins/site-assets';
import { adminRoutes } from './routes/admin';
import { healthRoutes } from './routes/health';
import { metricsRoutes } from './routes/metrics';

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
}

/** Creates the app with its plugins and routes registered. */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: deps.logger === false ? false : { level: deps.config.logLevel },
    bodyLimit: 1024 * 1024,
    trustProxy: false,
  });
  app.decorate('config', deps.config);
  app.decorate('stores', deps.stores);
  // App-wide plugins, in order: sessions before what reads them (events, CSRF); metrics after events.
  await app.register(securityHeaders);
  await app.register(formBody);
  await app.register(siteAssets);
  await app.register(errorHandler);
  await app.register(sessions);
  await app.register(events, deps.events ?? {});
  await app.register(metrics);
  await app.register(csrf);
  await app.register(loginRateLimit);
  // Routes.
  await app.register(healthRoutes);
  await app.register(metricsRoutes);
  await app.register(pageRoutes);
  await app.register(accountRoutes);
  await app.register(beaconRoutes);
  await app.register(adminRoutes, { prefix: '/admin' });
  return app;
}
