/**
 * Builds the Fastify application (no listening here: see server.ts), so tests can `inject` requests.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import type { Config } from '../infra/config';
import type { Stores } from '../infra/stores';
import { adminRoutes } from './routes/admin';
import { healthRoutes } from './routes/health';

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
  await app.register(healthRoutes);
  await app.register(adminRoutes, { prefix: '/admin' });
  return app;
}
