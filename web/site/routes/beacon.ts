/**
 * `POST /api/events`: the events only a browser can see, sent by the site's beacon script with
 * `navigator.sendBeacon` when a page is hidden — `page_leave` (dwell time) and `logout` with method
 * `browser_closed`. Nothing else is accepted from browsers.
 *
 * The browser sends only the type, the page and the type's data; the server fills the id, time, session and
 * the member's dimensions from the session (the schema has no place for client-sent user fields), and checks
 * the whole event against the shared schema (domain/events.ts) before queueing it. CSRF-protected like every
 * POST: the token travels in the body (`_csrf`), as a beacon cannot set headers. Bodies may be
 * `application/json` or `text/plain` holding JSON (what sendBeacon sends for a string).
 *
 * `browser_closed` is a guess made in two steps. The page's script reports it on `pagehide` without an in-site
 * link or form navigation having started (a closed tab or window, but also back/forward, reload or a typed
 * URL). The server then waits `BROWSER_CLOSED_GRACE_S` (10 s): if the session makes another request in that
 * time — a page, or the heartbeat (`GET /api/session/alive`) a member's page sends when it is shown, when it
 * becomes visible again and every half grace period while visible — the visitor is still here and nothing is
 * reported. The heartbeat matters when the beacon arrives after the next page's own request (a reload): the
 * new page's heartbeats cancel it. Otherwise the logout is published with the time of the beacon, and the
 * session's later expiry is not reported again. The wait lives in this process: a restart during it loses
 * that one event.
 */
import type { FastifyInstance } from 'fastify';
import { dimensionsOf } from '../../../activities/accounts/users';
import { parseLogEvent } from '../../../domain/events';
import { InfraError } from '../../../domain/errors';
import type { Session } from '../../sessions/session-store';
import { ANONYMOUS, buildEvent } from '../../events/build-event';
import { ERROR_RESPONSES } from '../../schemas/errors';
import { AliveReply, BeaconBody, BeaconReply, type BeaconInput } from '../schemas/events';


/** The beacon route plugin (encapsulated: its text/plain parser applies here only). */
export function beaconRoutes(app: FastifyInstance): Promise<void> {
  const pending = new Set<NodeJS.Timeout>();
  app.addHook('onClose', (_instance, done) => {
    if (pending.size > 0) app.log.info({ pending: pending.size }, 'browser-closed checks dropped at shutdown');
    for (const timer of pending) clearTimeout(timer);
    pending.clear();
    done();
  });

  /** After the grace period: report the logout unless the session was used again (which clears closedAt). */
  const confirmClose = (session: Session, closedAt: string, page: string) => {
    const timer = setTimeout(() => {
      pending.delete(timer);
      app.sessions
        .peek(session.id)
        .then((now) => {
          if (now && now.data.closedAt !== closedAt) return;
          const member = session.data.member;
          if (!member) return;
          const at = new Date(closedAt);
          // Built from the saved member, not a request: this runs after the beacon's request has ended.
          app.queueEvent(buildEvent('logout', { method: 'browser_closed' }, { sessionId: session.id, page, user: dimensionsOf(member, at) }, at));
        })
        .catch((err: unknown) => app.log.warn({ err }, 'browser-closed check failed'));
    }, app.config.web.browserClosedGraceMs);
    timer.unref();
    pending.add(timer);
  };

  // The heartbeat of a member's visible page: the session lookup ('peek') clears a pending browser-closed
  // mark, so a reload or a typed URL whose beacon arrived after the new page's request is not a logout.
  app.get('/api/session/alive', { config: { session: 'peek' }, schema: { response: { 200: AliveReply } } }, (request, reply) => reply.header('cache-control', 'no-store').send({ alive: request.session !== null }));

  // sendBeacon posts a string as text/plain: parsed by Fastify's own JSON parser (secure-json-parse), which
  // refuses `__proto__` and `constructor.prototype` keys exactly as for application/json.
  app.removeContentTypeParser('text/plain');
  app.addContentTypeParser('text/plain', { parseAs: 'string' }, app.getDefaultJsonParser('error', 'error'));

  app.post<{ Body: BeaconInput }>('/api/events', { schema: { body: BeaconBody, response: { 202: BeaconReply, ...ERROR_RESPONSES } } }, async (request, reply) => {
    const session = request.session;
    if (!session) throw new InfraError('Unauthorized', 'no session');
    const now = new Date();
    const member = session.data.member;
    // Validate everything before queueing anything.
    const checked = request.body.events.map((item) => {
      const parsed = parseLogEvent(buildEvent(item.type, item.data as never, { sessionId: session.id, page: item.page, user: ANONYMOUS }, now));
      if (!parsed.ok) throw new InfraError('ValidationFailed', `event ${item.type}: ${parsed.errors.join('; ')}`);
      if (parsed.event.type === 'logout' && parsed.event.data.method !== 'browser_closed') throw new InfraError('ValidationFailed', 'browsers may only report logout with method browser_closed');
      return parsed.event;
    });
    let accepted = 0;
    let closing: string | undefined;
    for (const event of checked) {
      if (event.type === 'page_leave') {
        if (request.publishEvent('page_leave', event.data, { page: event.page, at: now })) accepted++;
      } else if (event.type === 'logout' && member && !closing) {
        // An anonymous visitor has nothing to log out of; a member's close waits for the grace period.
        closing = event.page;
        accepted++;
      }
    }
    if (member && closing !== undefined) {
      const closedAt = now.toISOString();
      await reply.saveSession({ ...session, data: { ...session.data, closedAt } });
      await app.sessions.forgetOwner(session.id);
      confirmClose(session, closedAt, closing);
    }
    return reply.code(202).send({ accepted, ignored: checked.length - accepted });
  });
  return Promise.resolve();
}
