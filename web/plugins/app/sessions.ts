/**
 * Sessions for every request: the `ciao_sid` cookie (HttpOnly, SameSite=Lax, Path=/, Secure when
 * `COOKIE_SECURE`) names a session in Redis ({@link SessionStore}), loaded and its idle clock restarted in
 * `onRequest`.
 *
 * - `request.session` is the loaded session or null. Anonymous visitors get one lazily, when a page needs it
 *   (CSRF token for a form, session id for events): `await reply.ensureSession()`.
 * - Login calls `reply.startMemberSession(member)`: always a NEW id (no session fixation), the old one deleted.
 * - Logout calls `reply.endSession()`.
 * - When the cookie names a session that has expired, `request.expiredSession` tells whose it was (the events
 *   plugin reports `logout` / `session_expired` from it) and the stale cookie is cleared.
 *
 * - A session the browser reported closed (`browser_closed` beacon) is reopened by its next request, or by
 *   the heartbeat of a page of it that is still open and visible (`config: { session: 'peek' }`).
 *
 * Routes with `config: { session: false }` (static files, probes) skip the lookup.
 *
 * Every Redis call goes through the Redis store guard (`app.storeGuards.redis`). While Redis is down a request
 * with a session cookie gets `request.sessionUnavailable`: anonymous pages render without a session, and
 * what needs one (member pages, forms, CSRF-checked posts) answers 503 "잠시 후 다시 시도해 주세요" instead
 * of sending a logged-in member to the login page.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { InfraError } from '../../../domain/errors';
import { AnonymousSessionLimit } from '../../sessions/anonymous-limit';
import { parseCookies, serializeCookie } from '../../sessions/cookies';
import { sessionStoreDown } from '../../sessions/require-member';
import { isSessionId, SessionStore, type Session, type SessionMember, type SessionOwner } from '../../sessions/session-store';

/** Name of the session cookie. */
export const SESSION_COOKIE = 'ciao_sid';

/** A session that had expired when the request arrived. */
export interface ExpiredSession {
  readonly id: string;
  /** The member it belonged to; null for an anonymous session or when already reported. */
  readonly owner: SessionOwner | null;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The Redis session store. */
    sessions: SessionStore;
  }
  interface FastifyRequest {
    /** The session of this request, or null (no cookie, expired, or Redis unavailable). */
    session: Session | null;
    /** Set when the request's cookie named an expired session. */
    expiredSession: ExpiredSession | null;
    /** True when the request came with a session cookie but Redis could not be asked (the session may exist). */
    sessionUnavailable: boolean;
  }
  interface FastifyReply {
    /** The request's session, created (and its cookie set) when there is none. */
    ensureSession(): Promise<Session>;
    /** Replaces the request's session by a new member session with a new id (login). */
    startMemberSession(member: SessionMember): Promise<Session>;
    /** Writes changed session data (e.g. the member's new region after a profile change). */
    saveSession(session: Session): Promise<void>;
    /** Deletes the session and clears the cookie (logout). */
    endSession(): Promise<void>;
  }
  interface FastifyContextConfig {
    /**
     * False: this route never loads a session (static files, probes). `'peek'`: it reads the session without
     * restarting its idle clock or reporting an expiry, and only clears a browser-closed mark (the pages'
     * heartbeat). Default true.
     */
    session?: boolean | 'peek';
  }
}

/** Per-request cookie action decided while handling, applied once in onSend. */
const COOKIE_ACTION = Symbol('ciao.sessionCookie');
type CookieAction = { kind: 'set'; id: string } | { kind: 'clear' } | undefined;
type WithAction = FastifyRequest & { [COOKIE_ACTION]?: CookieAction };

function sessionsPlugin(app: FastifyInstance): Promise<void> {
  const store = new SessionStore(app.stores.redis.redis, { ttlS: app.config.web.sessionTtlS, guard: app.storeGuards.redis.run });
  const cookie = (value: string, maxAgeS?: number) =>
    serializeCookie(SESSION_COOKIE, value, { httpOnly: true, sameSite: 'Lax', path: '/', secure: app.config.web.cookieSecure, ...(maxAgeS === undefined ? {} : { maxAgeS }) });

  /** The browser reported it was closed, yet the session is used again (a reload, or back within the TTL). */
  const reopen = async (session: Session): Promise<Session> => {
    const { closedAt: _closedAt, ...data } = session.data;
    const reopened: Session = { id: session.id, data };
    await store.save(reopened);
    return reopened;
  };

  app.decorate('sessions', store);
  app.decorateRequest('session', null);
  app.decorateRequest('expiredSession', null);
  app.decorateRequest('sessionUnavailable', false);

  app.addHook('onRequest', async (request) => {
    const mode = request.routeOptions.config?.session;
    if (mode === false) return;
    const id = parseCookies(request.headers.cookie).get(SESSION_COOKIE);
    if (!isSessionId(id)) return;
    if (mode === 'peek') {
      try {
        const session = await store.peek(id);
        request.session = session?.data.closedAt ? await store.clearClosed(session) : session;
      } catch (err) {
        request.sessionUnavailable = true;
        request.log.warn({ err }, 'session peek failed');
      }
      return;
    }
    try {
      const session = await store.load(id);
      if (session) {
        request.session = session.data.closedAt ? await reopen(session) : session;
        return;
      }
      (request as WithAction)[COOKIE_ACTION] = { kind: 'clear' };
      request.expiredSession = { id, owner: await store.takeOwner(id) };
    } catch (err) {
      // Redis down: serve the request without a session (pages still render; what needs one answers 503).
      request.sessionUnavailable = true;
      request.log.warn({ err }, 'session lookup failed');
    }
  });

  app.addHook('onSend', (request, reply, payload, done) => {
    const action = (request as WithAction)[COOKIE_ACTION];
    if (action?.kind === 'set') reply.header('set-cookie', cookie(action.id));
    else if (action?.kind === 'clear') reply.header('set-cookie', cookie('', 0));
    done(null, payload);
  });

  const anonymousLimit = new AnonymousSessionLimit(app.config.web.anonSessionsPerMin);
  app.decorateReply('ensureSession', async function ensureSession(this: FastifyReply): Promise<Session> {
    if (this.request.session) return this.request.session;
    // Redis just failed this request's lookup: do not wait on it a second time (the page renders without one).
    if (this.request.sessionUnavailable) throw sessionStoreDown();
    if (!anonymousLimit.allow(this.request.ip)) throw new InfraError('RateLimited', '요청이 너무 많아요. 1분 뒤에 다시 시도해 주세요.', { retryAfterS: 60 });
    const session = await store.create();
    this.request.session = session;
    (this.request as WithAction)[COOKIE_ACTION] = { kind: 'set', id: session.id };
    return session;
  });

  app.decorateReply('startMemberSession', async function startMemberSession(this: FastifyReply, member: SessionMember): Promise<Session> {
    const old = this.request.session;
    if (old) await store.destroy(old.id);
    const session = await store.create(member);
    this.request.session = session;
    (this.request as WithAction)[COOKIE_ACTION] = { kind: 'set', id: session.id };
    return session;
  });

  app.decorateReply('saveSession', async function saveSession(this: FastifyReply, session: Session): Promise<void> {
    await store.save(session);
    this.request.session = session;
  });

  app.decorateReply('endSession', async function endSession(this: FastifyReply): Promise<void> {
    const old = this.request.session;
    if (old) await store.destroy(old.id);
    this.request.session = null;
    (this.request as WithAction)[COOKIE_ACTION] = { kind: 'clear' };
  });
  return Promise.resolve();
}

/** The sessions plugin (app-wide). */
export const sessions = fp(sessionsPlugin, { name: 'ciao-sessions', fastify: '5.x', dependencies: ['ciao-store-guards'] });
