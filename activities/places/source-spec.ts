/**
 * A places source, declared as data: a JSON file in the sources folder (`PLACES_SOURCES_DIR`, default
 * `activities/places/sources/`) naming the file or URL, its format and how its columns map to a place.
 *
 * Formats:
 * - `csv`: any CSV with a header row; `columns` names the header of each field;
 * - `geojson`: a FeatureCollection of Points; `columns` names the property of each field (coordinates come
 *   from the geometry unless `lat`/`lng` columns are named);
 * - `data-go-kr`: the column layout of Korea's public-data portal (공공데이터포털) files — 시설명, 시설구분,
 *   소재지도로명주소, 소재지지번주소, 위도, 경도, 전화번호, 운영시간 (and the usual variants), CP949 by default.
 */
import { Type, type Static } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { PLACE_KINDS } from '../../domain/places';

const Kind = Type.Union(PLACE_KINDS.map((k) => Type.Literal(k)));
const Column = Type.String({ minLength: 1, maxLength: 80 });

/** The fields of a place a source can provide, each named by a column (CSV header or GeoJSON property). */
export const ColumnMapSchema = Type.Object(
  {
    name: Type.Optional(Column),
    kind: Type.Optional(Column),
    roadAddress: Type.Optional(Column),
    lotAddress: Type.Optional(Column),
    lat: Type.Optional(Column),
    lng: Type.Optional(Column),
    phone: Type.Optional(Column),
    hours: Type.Optional(Column),
  },
  { additionalProperties: false },
);
/** Field → column. */
export type ColumnMap = Static<typeof ColumnMapSchema>;

/** Schema of a source declaration file. */
export const PlaceSourceSchema = Type.Object(
  {
    /** Kebab-case id: the HDFS partition `source=<id>` and the `source` field of its places. */
    id: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,39}$' }),
    /** What people call it (shown in the run's output). */
    name: Type.String({ minLength: 1, maxLength: 120 }),
    format: Type.Union([Type.Literal('csv'), Type.Literal('geojson'), Type.Literal('data-go-kr')]),
    /** A path relative to the declaration file, or an http(s) URL. */
    location: Type.String({ minLength: 1 }),
    /** Text encoding (default: utf-8; `data-go-kr` defaults to euc-kr, i.e. CP949). A UTF-8 BOM always wins. */
    encoding: Type.Optional(Type.Union([Type.Literal('utf-8'), Type.Literal('euc-kr')])),
    /** Column names (required for csv; geojson and data-go-kr have defaults, which these override). */
    columns: Type.Optional(ColumnMapSchema),
    /** The source's own kind labels → our kinds (`"리필스테이션": "refill_shop"`); compared trimmed. */
    kindMap: Type.Optional(Type.Record(Type.String(), Kind)),
    /** Kind of rows without a kind column or value. */
    defaultKind: Type.Optional(Kind),
    /** True for invented places (demo data): marked as such in the index and on the page. */
    demo: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
/** A source declaration. */
export type PlaceSource = Static<typeof PlaceSourceSchema>;

const CHECK = TypeCompiler.Compile(PlaceSourceSchema);

/** Checks a parsed declaration. @returns it, or every error with its path */
export function checkPlaceSource(value: unknown): { ok: true; source: PlaceSource } | { ok: false; errors: string[] } {
  if (CHECK.Check(value)) return { ok: true, source: value };
  return { ok: false, errors: [...CHECK.Errors(value)].map((e) => `${e.path || '/'}: ${e.message}`) };
}
