/**
 * The formats a places source can have, as data: for each, the default column layout and encoding, and the
 * reader that turns the file's text into raw rows (every field a trimmed string or absent) — validation comes
 * after (validate-row.ts). A row the format cannot read (a CSV line with the wrong number of fields, a
 * feature without properties) becomes a reject with its reason here.
 */
import Papa from 'papaparse';
import type { ColumnMap, PlaceSource } from './source-spec';

/** The place fields a column can hold. */
export type PlaceField = keyof ColumnMap;
/** Every place field, in the order reports show them. */
export const PLACE_FIELDS: readonly PlaceField[] = ['name', 'kind', 'roadAddress', 'lotAddress', 'lat', 'lng', 'phone', 'hours'];

/** One row as read: where it came from and its fields (absent when empty). */
export interface RawPlaceRow {
  /** 1-based line of a CSV (the header is line 1) or 1-based feature number of a GeoJSON file. */
  readonly line: number;
  readonly fields: Partial<Record<PlaceField, string>>;
}

/** A row refused, with its reason (a short code) and detail. */
export interface PlaceReject {
  readonly source: string;
  readonly line: number;
  readonly reason: RejectReason;
  readonly detail: string;
  /** The row's name, when it had one. */
  readonly name?: string;
}

/** Why a row was refused. */
export type RejectReason =
  | 'malformed_row'
  | 'missing_name'
  | 'missing_address'
  | 'unknown_kind'
  | 'bad_coordinates'
  | 'outside_korea'
  | 'too_long'
  | 'no_coordinates'
  | 'geocode_failed';

/** What a reader returns. */
export interface ReadRows {
  readonly rows: RawPlaceRow[];
  readonly rejects: PlaceReject[];
}

/**
 * The public-data portal's header names for each field, first match wins. Its files differ by publisher
 * (표준데이터 uses 소재지도로명주소, many local files 도로명주소), so each field lists the variants seen.
 */
export const DATA_GO_KR_HEADERS: Readonly<Record<PlaceField, readonly string[]>> = {
  name: ['시설명', '상호명', '업소명', '사업장명', '명칭'],
  kind: ['시설구분', '시설유형', '업종', '구분'],
  roadAddress: ['소재지도로명주소', '도로명주소', '도로명 주소'],
  lotAddress: ['소재지지번주소', '지번주소', '지번 주소'],
  lat: ['위도', 'WGS84위도'],
  lng: ['경도', 'WGS84경도'],
  phone: ['전화번호', '관리기관전화번호', '연락처'],
  hours: ['운영시간', '영업시간'],
};

/** GeoJSON property names used when a declaration names none. */
const GEOJSON_DEFAULTS: ColumnMap = { name: 'name', kind: 'kind', roadAddress: 'roadAddress', lotAddress: 'lotAddress', phone: 'phone', hours: 'hours' };

/** The encoding a source's bytes are decoded with (a UTF-8 BOM always means UTF-8). */
export function encodingOf(source: PlaceSource, bytes: Uint8Array): 'utf-8' | 'euc-kr' {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  return source.encoding ?? (source.format === 'data-go-kr' ? 'euc-kr' : 'utf-8');
}

/** Decodes a source file (CP949 through the WHATWG `euc-kr` decoder, which is CP949). */
export function decodeSource(source: PlaceSource, bytes: Uint8Array): string {
  return new TextDecoder(encodingOf(source, bytes), { fatal: false, ignoreBOM: false }).decode(bytes);
}

const clean = (value: unknown): string | undefined => {
  if (value === null || value === undefined) return undefined;
  const text = (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string' ? String(value) : '').trim();
  return text === '' ? undefined : text;
};

/** Field → header of a CSV, from the declaration or (data-go-kr) the portal's variants found in `headers`. */
export function csvColumns(source: PlaceSource, headers: readonly string[]): ColumnMap {
  if (source.format !== 'data-go-kr') return source.columns ?? {};
  const found: Record<string, string> = {};
  const trimmed = headers.map((h) => h.trim());
  for (const field of PLACE_FIELDS) {
    const header = DATA_GO_KR_HEADERS[field].find((h) => trimmed.includes(h));
    if (header) found[field] = header;
  }
  return { ...found, ...source.columns };
}

/** Reads a CSV source (`csv` or `data-go-kr`). */
export function readCsvRows(source: PlaceSource, text: string): ReadRows {
  const parsed = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: 'greedy' });
  const headers = (parsed.meta.fields ?? []).map((h) => h.trim());
  const columns = csvColumns(source, headers);
  const rows: RawPlaceRow[] = [];
  const rejects: PlaceReject[] = [];
  const broken = new Map<number, string>();
  for (const e of parsed.errors) if (e.row !== undefined) broken.set(e.row, `${e.code}: ${e.message}`);
  parsed.data.forEach((record, i) => {
    // Papa counts data rows from 0; the header is line 1 (rows spanning several lines are rare in these files).
    const line = i + 2;
    const trimmedRecord: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(record)) trimmedRecord[k.trim()] = v;
    const name = clean(columns.name ? trimmedRecord[columns.name] : undefined);
    const problem = broken.get(i);
    if (problem) {
      rejects.push({ source: source.id, line, reason: 'malformed_row', detail: problem, ...(name ? { name } : {}) });
      return;
    }
    const fields: Partial<Record<PlaceField, string>> = {};
    for (const field of PLACE_FIELDS) {
      const column = columns[field];
      const value = column ? clean(trimmedRecord[column]) : undefined;
      if (value !== undefined) fields[field] = value;
    }
    rows.push({ line, fields });
  });
  return { rows, rejects };
}

interface Feature {
  readonly type?: unknown;
  readonly geometry?: { readonly type?: unknown; readonly coordinates?: unknown } | null;
  readonly properties?: Record<string, unknown> | null;
}

/** Reads a GeoJSON FeatureCollection of Points (coordinates are `[lng, lat]`, as GeoJSON orders them). */
export function readGeoJsonRows(source: PlaceSource, text: string): ReadRows {
  let doc: unknown;
  try {
    doc = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    return { rows: [], rejects: [{ source: source.id, line: 0, reason: 'malformed_row', detail: `not JSON: ${(err as Error).message}` }] };
  }
  const features = (doc as { features?: unknown }).features;
  if ((doc as { type?: unknown }).type !== 'FeatureCollection' || !Array.isArray(features)) {
    return { rows: [], rejects: [{ source: source.id, line: 0, reason: 'malformed_row', detail: 'not a GeoJSON FeatureCollection' }] };
  }
  const columns: ColumnMap = { ...GEOJSON_DEFAULTS, ...source.columns };
  const rows: RawPlaceRow[] = [];
  const rejects: PlaceReject[] = [];
  (features as Feature[]).forEach((feature, i) => {
    const line = i + 1;
    const props = feature && typeof feature === 'object' && feature.properties && typeof feature.properties === 'object' ? feature.properties : undefined;
    if (!props) {
      rejects.push({ source: source.id, line, reason: 'malformed_row', detail: 'feature without properties' });
      return;
    }
    const fields: Partial<Record<PlaceField, string>> = {};
    for (const field of PLACE_FIELDS) {
      const column = columns[field];
      const value = column ? clean(props[column]) : undefined;
      if (value !== undefined) fields[field] = value;
    }
    const geometry = feature.geometry;
    if (geometry && fields.lat === undefined && fields.lng === undefined) {
      const coords = geometry.coordinates;
      if (geometry.type !== 'Point' || !Array.isArray(coords) || coords.length < 2) {
        rejects.push({ source: source.id, line, reason: 'bad_coordinates', detail: `geometry is ${String(geometry.type)}, not a Point [lng, lat]`, ...(fields.name ? { name: fields.name } : {}) });
        return;
      }
      const [lng, lat] = coords as unknown[];
      const lngText = clean(lng);
      const latText = clean(lat);
      if (lngText !== undefined) fields.lng = lngText;
      if (latText !== undefined) fields.lat = latText;
    }
    rows.push({ line, fields });
  });
  return { rows, rejects };
}

/** Reads a source's text by its format. */
export function readSourceRows(source: PlaceSource, text: string): ReadRows {
  return source.format === 'geojson' ? readGeoJsonRows(source, text) : readCsvRows(source, text);
}
