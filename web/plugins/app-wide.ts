/**
 * What fastify-plugin does, without the dependency: a plugin marked this way registers its hooks, decorators
 * and handlers on the context that registers it (the whole app, from app.ts) instead of a child context.
 */
import type { FastifyPluginAsync, FastifyPluginOptions } from 'fastify';

/** Marks `plugin` as app-wide (skip-override) and names it for Fastify's plugin tree. */
export function appWide<O extends FastifyPluginOptions>(plugin: FastifyPluginAsync<O>, name: string): FastifyPluginAsync<O> {
  return Object.assign(plugin, { [Symbol.for('skip-override')]: true, [Symbol.for('fastify.display-name')]: name });
}
