/**
 * A place as the pipeline carries it between tasks (HDFS JSON lines) and as the search index stores it, with
 * its schema, checked when a task reads what an earlier one wrote.
 */
import { Type, type Static } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { PLACE_KINDS } from '../../domain/places';

const Nullable = <T extends ReturnType<typeof Type.String>>(schema: T) => Type.Union([schema, Type.Null()]);

/** A validated place; `lat`/`lng` are null until geocoded (only then may it be indexed). */
export const PlaceRowSchema = Type.Object(
  {
    /** Source id and line (or feature number) it came from, for rejects and duplicates: `demo-seoul-refill:12`. */
    origin: Type.String({ minLength: 1 }),
    source: Type.String({ minLength: 1 }),
    name: Type.String({ minLength: 1, maxLength: 120 }),
    kind: Type.Union(PLACE_KINDS.map((k) => Type.Literal(k))),
    roadAddress: Nullable(Type.String({ maxLength: 300 })),
    lotAddress: Nullable(Type.String({ maxLength: 300 })),
    lat: Type.Union([Type.Number({ minimum: -90, maximum: 90 }), Type.Null()]),
    lng: Type.Union([Type.Number({ minimum: -180, maximum: 180 }), Type.Null()]),
    phone: Nullable(Type.String({ maxLength: 40 })),
    hours: Nullable(Type.String({ maxLength: 200 })),
    /** From a source declared as demo data (invented places). */
    demo: Type.Boolean(),
  },
  { additionalProperties: false },
);
/** A validated place row. */
export type PlaceRow = Static<typeof PlaceRowSchema>;

const CHECK_ROW = TypeCompiler.Compile(PlaceRowSchema);

/** Checks a row read back from HDFS. @returns the row or the first error */
export function checkPlaceRow(value: unknown): { ok: true; row: PlaceRow } | { ok: false; reason: string } {
  if (CHECK_ROW.Check(value)) return { ok: true, row: value };
  const first = CHECK_ROW.Errors(value).First();
  return { ok: false, reason: first ? `${first.path || '/'}: ${first.message}` : 'not a place row' };
}

/** A document of the places index (infra/search-indexes.ts PLACES_INDEX_BODY). */
export interface PlaceDoc {
  readonly id: string;
  readonly name: string;
  readonly kind: PlaceRow['kind'];
  readonly roadAddress: string | null;
  readonly lotAddress: string | null;
  readonly location: { readonly lat: number; readonly lon: number };
  readonly phone: string | null;
  readonly hours: string | null;
  readonly source: string;
  readonly demo: boolean;
  /** When the run that indexed it built the index (ISO-8601 with offset). */
  readonly updatedAt: string;
}
