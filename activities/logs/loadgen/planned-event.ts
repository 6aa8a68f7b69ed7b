/**
 * An event the traffic generator has decided on, before it is stamped: its type, data and request context,
 * and the simulated time it happens at. {@link toLogEvent} turns it into a real event through the web tier's
 * own `buildEvent`, so loadgen events are exactly what the pages publish.
 */
import type { LogEvent, LogEventOf, LogEventType } from '../../../domain/events';
import { buildEvent, type EventContext } from '../../../web/events/build-event';

/** A planned event of one type. */
export type PlannedEventOf<T extends LogEventType> = {
  /** Simulated time, epoch ms (the session's own clock: dwell times and gaps are in it). */
  readonly at: number;
  readonly type: T;
  readonly data: LogEventOf<T>['data'];
  readonly context: EventContext;
};

/** A planned event of any type. */
export type PlannedEvent = { [T in LogEventType]: PlannedEventOf<T> }[LogEventType];

/**
 * Builds the event with a fresh id, stamped `now`. Live runs pass the wall clock (so freshness and dashboards
 * are real); tests pass `new Date(planned.at)`.
 */
export function toLogEvent(planned: PlannedEvent, now: Date): LogEvent {
  return buildEvent(planned.type, planned.data as never, planned.context, now);
}
