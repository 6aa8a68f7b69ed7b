/**
 * Schemas of `GET /api/places`: the query (strings, as a query string carries them; the handler turns them
 * into numbers and checks the bounds, so each refusal gets its own Korean message) and the reply.
 */
import { Type, type Static } from '@sinclair/typebox';
import { MAX_PLACES, PLACE_KINDS } from '../../../domain/places';

const Decimal = Type.String({ maxLength: 24 });

/** `?lat=37.5663&lng=126.9779&radiusKm=5&kind=refill_shop,recycling_machine` */
export const PlacesQuery = Type.Object(
  {
    lat: Type.Optional(Decimal),
    lng: Type.Optional(Decimal),
    radiusKm: Type.Optional(Decimal),
    /** Comma-separated kinds; absent or empty: every kind. */
    kind: Type.Optional(Type.String({ maxLength: 100 })),
  },
  { additionalProperties: false },
);
/** {@link PlacesQuery} as a type. */
export type PlacesQueryInput = Static<typeof PlacesQuery>;

const Kind = Type.Union(PLACE_KINDS.map((k) => Type.Literal(k)));
const NullableText = Type.Union([Type.String(), Type.Null()]);

/** One place of the reply, nearest first. */
export const PlaceItem = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    kind: Kind,
    roadAddress: NullableText,
    lotAddress: NullableText,
    lat: Type.Number(),
    lng: Type.Number(),
    phone: NullableText,
    hours: NullableText,
    /** Metres from the searched position. */
    distanceM: Type.Integer({ minimum: 0 }),
    /** Invented place of a demo source. */
    demo: Type.Boolean(),
  },
  { additionalProperties: false },
);
/** {@link PlaceItem} as a type. */
export type PlaceItemOutput = Static<typeof PlaceItem>;

/** The reply. */
export const PlacesReply = Type.Object(
  {
    center: Type.Object({ lat: Type.Number(), lng: Type.Number() }, { additionalProperties: false }),
    radiusKm: Type.Number(),
    kinds: Type.Array(Kind),
    /** Places within the radius (the list holds at most `limit`, the nearest). */
    total: Type.Integer({ minimum: 0 }),
    limit: Type.Literal(MAX_PLACES),
    places: Type.Array(PlaceItem, { maxItems: MAX_PLACES }),
  },
  { additionalProperties: false },
);
/** {@link PlacesReply} as a type. */
export type PlacesReplyOutput = Static<typeof PlacesReply>;
