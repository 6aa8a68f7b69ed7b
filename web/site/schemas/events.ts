/**
 * Schemas of the browser's event beacon (`POST /api/events`): what a browser may send, and the reply.
 */
import { Type, type Static } from '@sinclair/typebox';

/** Event types a browser may report. */
export const BROWSER_EVENT_TYPES = ['page_leave', 'logout'] as const;

/** One event a browser reports. */
export const BeaconEvent = Type.Object(
  {
    type: Type.Union(BROWSER_EVENT_TYPES.map((t) => Type.Literal(t))),
    // A URL path as `location.pathname` gives it: no control characters, no markup, no quotes.
    page: Type.String({ minLength: 1, maxLength: 200, pattern: "^/[A-Za-z0-9\\-._~!$&()*+,;=:@%/]*$" }),
    // Checked per type against the shared event schema in the handler (one place for the rules).
    data: Type.Object({}, { additionalProperties: true }),
  },
  { additionalProperties: false },
);

/** `POST /api/events`: the CSRF token (a beacon cannot set headers) and 1–5 events. */
export const BeaconBody = Type.Object({ _csrf: Type.Optional(Type.String({ maxLength: 100 })), events: Type.Array(BeaconEvent, { minItems: 1, maxItems: 5 }) }, { additionalProperties: false });
/** {@link BeaconBody} as a type. */
export type BeaconInput = Static<typeof BeaconBody>;

/** The 202 reply: how many events were taken and how many ignored (a logout from an anonymous visitor). */
export const BeaconReply = Type.Object({ accepted: Type.Integer({ minimum: 0 }), ignored: Type.Integer({ minimum: 0 }) }, { additionalProperties: false });

/** The heartbeat's reply (`GET /api/session/alive`): whether the request's session exists. */
export const AliveReply = Type.Object({ alive: Type.Boolean() }, { additionalProperties: false });
