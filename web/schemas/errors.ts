/**
 * The one JSON error shape of the web tier (site and admin area, every status): a stable `code` (the
 * CiaoError code, or one named for the HTTP status) and a message in Korean for people.
 */
import { Type, type Static } from '@sinclair/typebox';

/** `{ code, message }`: the body of every JSON error response. */
export const ErrorBody = Type.Object({ code: Type.String(), message: Type.String() }, { additionalProperties: false });
/** {@link ErrorBody} as a type. */
export type ErrorBodyOutput = Static<typeof ErrorBody>;

/** Response schemas for the error statuses a JSON route can answer, to spread into a route's `response`. */
export const ERROR_RESPONSES = { '4xx': ErrorBody, '5xx': ErrorBody } as const;
