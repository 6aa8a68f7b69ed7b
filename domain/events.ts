/**
 * The user-event contract (SPEC §2): ONE schema module, used by the web tier to validate what it publishes to
 * `logs.raw` and by the log pipeline to validate what it consumes (a message that fails goes to `logs.dlq`).
 *
 * Every event carries a unique id, its time (ISO-8601 with an explicit offset), the session id, the page, and
 * the user's dimensions — or nulls for anonymous visitors — and a `data` object specific to its type.
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { AGE_BANDS } from './age-band';
import { decodeJson, schemaErrors } from './json-message';
import { REGION_CODES } from './regions';
import { GenderSchema } from './gender';

/** ISO-8601 date-time with an explicit offset (`Z` or `±hh:mm`). */
const IsoTime = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,6})?(Z|[+-]\\d{2}:\\d{2})$', description: 'ISO-8601 with offset' });
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

/** The member dimensions every event carries (all null for anonymous visitors). */
export const EventUserSchema = Type.Object(
  {
    userId: Nullable(Type.String({ minLength: 1, maxLength: 40 })),
    gender: Nullable(GenderSchema),
    ageBand: Nullable(Type.Union(AGE_BANDS.map((b) => Type.Literal(b)))),
    region: Nullable(Type.Union(REGION_CODES.map((r) => Type.Literal(r)))),
  },
  { additionalProperties: false },
);
export type EventUser = Static<typeof EventUserSchema>;

/** The menus of the service whose clicks are counted. */
export const MENUS = ['ecopoint1', 'ecopoint2', 'nolabel', 'lesswaste'] as const;
export type Menu = (typeof MENUS)[number];

const Common = {
  /** UUID, unique per event: consumers de-duplicate on it. */
  id: Type.String({ pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' }),
  time: IsoTime,
  sessionId: Type.String({ minLength: 8, maxLength: 64 }),
  page: Type.String({ minLength: 1, maxLength: 200, pattern: '^/' }),
  user: EventUserSchema,
};

const event = <K extends string, D extends TSchema>(type: K, data: D) =>
  Type.Object({ type: Type.Literal(type), ...Common, data }, { additionalProperties: false });
const NoData = Type.Object({}, { additionalProperties: false });

/** Every event type with its data. */
export const LogEventSchema = Type.Union([
  event('login', NoData),
  event('logout', Type.Object({ method: Type.Union([Type.Literal('button'), Type.Literal('session_expired'), Type.Literal('browser_closed')]) }, { additionalProperties: false })),
  event('menu_click', Type.Object({ menu: Type.Union(MENUS.map((m) => Type.Literal(m))) }, { additionalProperties: false })),
  event(
    'ecopoint',
    Type.Object(
      {
        service: Type.Union([Type.Literal(1), Type.Literal(2)]),
        points: Type.Integer({ minimum: 0, maximum: 1000 }),
        imageId: Nullable(Type.String({ maxLength: 64 })),
        failCode: Nullable(Type.String({ maxLength: 40 })),
      },
      { additionalProperties: false },
    ),
  ),
  event(
    'search',
    Type.Object(
      {
        /** The normalised query (lower case, single spaces, ≤ 50 characters): what the rankings count. */
        word: Type.String({ minLength: 1, maxLength: 50 }),
        /** Products the search found (absent in events from before the search page). */
        results: Type.Optional(Type.Integer({ minimum: 0 })),
      },
      { additionalProperties: false },
    ),
  ),
  event(
    'product_click',
    Type.Object(
      {
        productId: Type.String({ minLength: 1, maxLength: 80 }),
        name: Type.String({ maxLength: 200 }),
        volumeMl: Nullable(Type.Integer({ minimum: 0 })),
        unitPrice: Nullable(Type.Number({ minimum: 0 })),
      },
      { additionalProperties: false },
    ),
  ),
  event(
    'lesswaste_search',
    Type.Object(
      { radiusKm: Type.Number({ minimum: 1, maximum: 20 }), lat: Type.Number({ minimum: -90, maximum: 90 }), lng: Type.Number({ minimum: -180, maximum: 180 }) },
      { additionalProperties: false },
    ),
  ),
  event('page_view', NoData),
  event('page_leave', Type.Object({ dwellMs: Type.Integer({ minimum: 0, maximum: 86_400_000 }) }, { additionalProperties: false })),
  event('error', Type.Object({ code: Type.String({ maxLength: 60 }), message: Type.String({ maxLength: 500 }) }, { additionalProperties: false })),
]);

/** A valid user event. */
export type LogEvent = Static<typeof LogEventSchema>;
/** The event type names. */
export type LogEventType = LogEvent['type'];
/** An event of one type. */
export type LogEventOf<T extends LogEventType> = Extract<LogEvent, { type: T }>;

/**
 * One checker per type. A value is valid exactly when it passes the checker of its own `type` (each member of
 * the union fixes `type` to one literal), so checking only that one is the union's check without trying every
 * member in turn — the hot path of the publisher and the aggregator — and a rejection names the field that
 * is wrong rather than "no union member matched".
 */
const byType = new Map(LogEventSchema.anyOf.map((schema) => [schema.properties.type.const as string, TypeCompiler.Compile(schema)]));

/** The outcome of {@link parseLogEvent}. */
export type ParsedEvent = { readonly ok: true; readonly event: LogEvent } | { readonly ok: false; readonly errors: readonly string[] };

/**
 * Validates an event from an untrusted source (a Kafka message, a beacon). Never throws.
 * @param raw a parsed JSON value, or the message text
 */
export function parseLogEvent(raw: unknown): ParsedEvent {
  const decoded = decodeJson(raw);
  if (!decoded.ok) return decoded;
  const { value } = decoded;
  const type = value && typeof value === 'object' ? (value as { type?: unknown }).type : undefined;
  const checker = typeof type === 'string' ? byType.get(type) : undefined;
  if (!checker) return { ok: false, errors: [`/type: unknown event type ${JSON.stringify(type)} (one of ${[...byType.keys()].join(', ')})`] };
  if (checker.Check(value)) return { ok: true, event: value };
  return { ok: false, errors: schemaErrors(checker, value) };
}

/** Kafka message key of an event: the user id for members, else the session id (keeps a user's events ordered). */
export function eventKey(event: LogEvent): string {
  return event.user.userId ?? event.sessionId;
}
