/**
 * User events from the web tier: creates the {@link EventPublisher} on the app's Kafka client, starts it when
 * the app is ready, flushes and stops it when the app closes (at most `EVENTS_FLUSH_TIMEOUT_S`), and logs its
 * problems at most once per kind every 30 s (with how many were suppressed), so a Kafka outage cannot flood
 * the log.
 *
 * Routes call `request.publishEvent(type, data)`: the event is built from the request's session (session id,
 * page, the member's dimensions or ANONYMOUS) and queued — it returns at once and is never awaited on the
 * request path. `app.events` exposes the publisher (stats for /metrics).
 *
 * It also reports `logout` / `session_expired` for a request whose member session had expired (see sessions).
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { dimensionsOf } from '../../../activities/accounts/users';
import type { EventUser, LogEvent, LogEventOf, LogEventType } from '../../../domain/events';
import { ANONYMOUS, buildEvent } from '../../events/build-event';
import { EventPublisher, type PublisherOptions } from '../../events/publisher';

/** Options of the events plugin. */
export interface EventsPluginOptions {
  /** False turns publishing off (events are built and discarded; for benchmarks). Default true. */
  readonly enabled?: boolean;
  /** Passed to the publisher (topic, buffer size, …). */
  readonly publisher?: Omit<PublisherOptions, 'onProblem'>;
}

/** Overrides of what the request would put in an event. */
export interface EventOverrides {
  /** Page path (default: the request's path). */
  readonly page?: string;
  /** Dimensions (default: the session's member, or anonymous). */
  readonly user?: EventUser;
  /** Session id (default: the request's session). */
  readonly sessionId?: string;
  /** When it happened (default now). */
  readonly at?: Date;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The event publisher (for stats). */
    events: EventPublisher;
    /** Queues a complete event (for work outside a request); false when dropped or publishing is off. */
    queueEvent(event: LogEvent): boolean;
  }
  interface FastifyRequest {
    /**
     * Builds an event of `type` from this request and queues it for Kafka; never waits, never throws.
     * @returns false when the event was dropped (buffer full) or publishing is off; an event that fails the
     *   schema is counted and logged by the publisher, not sent
     */
    publishEvent<T extends LogEventType>(type: T, data: LogEventOf<T>['data'], overrides?: EventOverrides): boolean;
  }
}

/** The path of `url` without its query, cut to the 200 characters an event allows. */
export function pagePath(url: string): string {
  const path = url.split('?')[0] ?? '/';
  return (path.startsWith('/') ? path : '/').slice(0, 200);
}

/** The event dimensions of the request's session member, or anonymous. */
export function requestUser(request: FastifyRequest, at: Date = new Date()): EventUser {
  const member = request.session?.data.member;
  return member ? dimensionsOf(member, at) : ANONYMOUS;
}

/** Calls `log(kind, detail, suppressed)` at most once per `intervalMs` per kind. */
export function throttledReporter(intervalMs: number, log: (kind: string, detail: string, suppressed: number) => void): (kind: string, detail: string) => void {
  const last = new Map<string, { at: number; suppressed: number }>();
  return (kind, detail) => {
    const now = Date.now();
    const entry = last.get(kind);
    if (entry && now - entry.at < intervalMs) {
      entry.suppressed++;
      return;
    }
    log(kind, detail, entry?.suppressed ?? 0);
    last.set(kind, { at: now, suppressed: 0 });
  };
}

function eventsPlugin(app: FastifyInstance, options: EventsPluginOptions): Promise<void> {
  const report = throttledReporter(30_000, (kind, detail, suppressed) => app.log.warn({ kind, suppressed }, `event publisher: ${detail}`));
  const { dir, maxBytes } = app.config.web.eventsSpill;
  const spill = maxBytes > 0 ? { maxBytes, ...(dir ? { dir } : {}) } : undefined;
  const publisher = new EventPublisher(app.stores.kafka.settings, { ...(spill ? { spill } : {}), ...options.publisher, onProblem: (p) => report(p.kind, p.detail) });
  const enabled = options.enabled ?? true;

  app.decorate('events', publisher);
  app.decorate('queueEvent', (event: LogEvent) => enabled && publisher.publish(event));
  app.addHook('onReady', (done) => {
    if (enabled) publisher.start();
    done();
  });
  app.addHook('onClose', async () => {
    const left = await publisher.stop(app.config.web.eventsFlushTimeoutMs);
    if (left > 0) app.log.warn({ undelivered: left }, 'events left undelivered at shutdown');
  });

  app.decorateRequest('publishEvent', function publishEvent<T extends LogEventType>(this: FastifyRequest, type: T, data: LogEventOf<T>['data'], overrides: EventOverrides = {}): boolean {
    try {
      const now = overrides.at ?? new Date();
      const sessionId = overrides.sessionId ?? this.session?.id ?? `nosession-${randomUUID()}`;
      const event = buildEvent(type, data, { sessionId, page: overrides.page ?? pagePath(this.url), user: overrides.user ?? requestUser(this, now) }, now);
      return app.queueEvent(event);
    } catch (err) {
      report('build_failed', (err as Error).message);
      return false;
    }
  });

  // A member's session expired since their last request: that is their logout.
  app.addHook('onRequest', (request, _reply, done) => {
    const expired = request.expiredSession;
    if (expired?.owner) request.publishEvent('logout', { method: 'session_expired' }, { sessionId: expired.id, user: dimensionsOf(expired.owner) });
    done();
  });
  return Promise.resolve();
}

/** The events plugin (app-wide); register after the sessions plugin. */
export const events = fp(eventsPlugin, { name: 'ciao-events', fastify: '5.x', dependencies: ['ciao-sessions'] });
