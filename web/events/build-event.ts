/**
 * Builds a complete user event from what a request knows: its session, page and member dimensions.
 */
import { randomUUID } from 'node:crypto';
import type { EventUser, LogEventOf, LogEventType } from '../../domain/events';
import { seoulIsoTime } from '../../domain/korea-time';

/** The request-side facts every event needs. */
export interface EventContext {
  readonly sessionId: string;
  /** Path of the page the event happened on. */
  readonly page: string;
  /** The member's dimensions, or all nulls for an anonymous visitor. */
  readonly user: EventUser;
}

/** Dimensions of an anonymous visitor. */
export const ANONYMOUS: EventUser = Object.freeze({ userId: null, gender: null, ageBand: null, region: null });

/** The event time format (`2026-11-25T09:15:00.123+09:00`), defined in domain/korea-time; re-exported because its tests import it from here. */
export { seoulIsoTime };

/** An event of `type` with a fresh id and the current Korea time (explicit `+09:00` offset). */
export function buildEvent<T extends LogEventType>(type: T, data: LogEventOf<T>['data'], context: EventContext, now: Date = new Date()): LogEventOf<T> {
  const time = seoulIsoTime(now);
  return { id: randomUUID(), type, time, sessionId: context.sessionId, page: context.page, user: { ...context.user }, data } as LogEventOf<T>;
}
