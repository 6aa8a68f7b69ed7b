/**
 * Guards the `/admin` pages until there are user accounts: only clients on this machine may use them.
 *
 * The decision uses the TCP peer address (`socket.remoteAddress`), never `X-Forwarded-For`, so a header
 * cannot fake it. Consequence: behind a reverse proxy on the same host every client looks local — do not
 * publish `/admin` through one while this guard is in place.
 *
 * @remarks Temporary. The user-accounts issue replaces this plugin with the `admin` role check (session +
 * role), and it should then be deleted rather than kept as a second gate.
 */
import { BlockList, isIP } from 'node:net';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

/** True for 127.0.0.0/8, ::1 and IPv4-mapped loopback (`::ffff:127.0.0.1`). */
export function isLoopback(address: string | undefined): boolean {
  const family = address ? isIP(address) : 0;
  if (!address || family === 0) return false;
  return LOOPBACK.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

async function refuseRemote(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  if (isLoopback(request.socket.remoteAddress)) return;
  request.log.warn({ remoteAddress: request.socket.remoteAddress, url: request.url }, 'admin page refused to a non-local client');
  const message = 'The admin pages answer only on this machine (127.0.0.1 / ::1) until user accounts exist.';
  if ((request.headers.accept ?? '').includes('text/html')) {
    await reply.code(403).type('text/html; charset=utf-8').send(`<!doctype html><html lang="ko"><meta charset="utf-8"><title>403</title><h1>403 · Forbidden</h1><p>${message}</p></html>`);
  } else {
    await reply.code(403).send({ error: 'Forbidden', message });
  }
}

/**
 * Fastify plugin: an `onRequest` hook answering 403 to every client that is not on loopback. It applies to
 * the context that registers it (the `/admin` routes), not to the whole app.
 */
export function adminGuard(app: FastifyInstance): Promise<void> {
  app.addHook('onRequest', refuseRemote);
  return Promise.resolve();
}
// Like fastify-plugin: let the hook reach the registering context instead of a child context of its own.
Object.assign(adminGuard, { [Symbol.for('skip-override')]: true, [Symbol.for('fastify.display-name')]: 'admin-guard' });
