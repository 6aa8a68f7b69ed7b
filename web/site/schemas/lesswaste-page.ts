/**
 * The query of the `/lesswaste` page: the form's fields without script (`kind` repeats, one per checked box).
 */
import { Type, type Static } from '@sinclair/typebox';

const Decimal = Type.String({ maxLength: 24 });

/** `/lesswaste?radiusKm=5&kind=refill_shop&kind=recycling_machine&lat=…&lng=…` */
export const LesswastePageQuery = Type.Object(
  {
    lat: Type.Optional(Decimal),
    lng: Type.Optional(Decimal),
    radiusKm: Type.Optional(Decimal),
    kind: Type.Optional(Type.Union([Type.String({ maxLength: 40 }), Type.Array(Type.String({ maxLength: 40 }), { maxItems: 5 })])),
  },
  { additionalProperties: false },
);
/** {@link LesswastePageQuery} as a type. */
export type LesswastePageQueryInput = Static<typeof LesswastePageQuery>;
