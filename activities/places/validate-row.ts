/**
 * Validation of a raw row into a {@link PlaceRow}: a name, a kind we know (through the source's `kindMap`,
 * our own kind names, or its `defaultKind`), an address or coordinates, both coordinates or neither, and
 * coordinates inside Korea. A row without coordinates but with an address is valid: the geocode task places
 * it or reports it. Every refusal names its reason.
 */
import { isInsideKorea, isPlaceKind, type PlaceKind } from '../../domain/places';
import type { PlaceRow } from './place';
import type { PlaceReject, RawPlaceRow } from './source-formats';
import type { PlaceSource } from './source-spec';

/** Field length limits (longer values are data errors, not places). */
const MAX = { name: 120, address: 300, phone: 40, hours: 200 } as const;

/** Outcome of {@link validatePlaceRow}. */
export type ValidatedRow = { readonly ok: true; readonly row: PlaceRow } | { readonly ok: false; readonly reject: PlaceReject };

/** Parses a coordinate written with a decimal point (a comma decimal, `37,5`, is refused rather than guessed). */
function coordinate(text: string | undefined): number | undefined | null {
  if (text === undefined) return undefined;
  return /^[+-]?\d{1,3}(\.\d+)?$/.test(text) ? Number(text) : null;
}

/** The kind of a row: kindMap, then our own kind names, then the default. */
function kindOf(source: PlaceSource, label: string | undefined): PlaceKind | undefined {
  if (label === undefined) return source.defaultKind;
  const mapped = source.kindMap?.[label];
  if (mapped) return mapped;
  if (isPlaceKind(label)) return label;
  return undefined;
}

/** See the module comment. */
export function validatePlaceRow(source: PlaceSource, raw: RawPlaceRow): ValidatedRow {
  const f = raw.fields;
  const reject = (reason: PlaceReject['reason'], detail: string): ValidatedRow => ({ ok: false, reject: { source: source.id, line: raw.line, reason, detail, ...(f.name ? { name: f.name } : {}) } });
  if (!f.name) return reject('missing_name', 'no name');
  const tooLong = ([['name', f.name, MAX.name], ['roadAddress', f.roadAddress, MAX.address], ['lotAddress', f.lotAddress, MAX.address], ['phone', f.phone, MAX.phone], ['hours', f.hours, MAX.hours]] as const).find(
    ([, value, max]) => value !== undefined && value.length > max,
  );
  if (tooLong) return reject('too_long', `${tooLong[0]} is longer than ${tooLong[2]} characters`);
  const kind = kindOf(source, f.kind);
  if (!kind) return reject('unknown_kind', `kind "${f.kind ?? ''}" is not in the source's kindMap`);
  const lat = coordinate(f.lat);
  const lng = coordinate(f.lng);
  if (lat === null || lng === null) return reject('bad_coordinates', `lat "${f.lat ?? ''}", lng "${f.lng ?? ''}" are not decimal degrees`);
  if ((lat === undefined) !== (lng === undefined)) return reject('bad_coordinates', lat === undefined ? 'lng without lat' : 'lat without lng');
  if (lat !== undefined && lng !== undefined && !isInsideKorea({ lat, lng })) return reject('outside_korea', `${lat}, ${lng} is outside Korea`);
  if (lat === undefined && !f.roadAddress && !f.lotAddress) return reject('missing_address', 'neither an address nor coordinates');
  return {
    ok: true,
    row: {
      origin: `${source.id}:${raw.line}`,
      source: source.id,
      name: f.name,
      kind,
      roadAddress: f.roadAddress ?? null,
      lotAddress: f.lotAddress ?? null,
      lat: lat ?? null,
      lng: lng ?? null,
      phone: f.phone ?? null,
      hours: f.hours ?? null,
      demo: source.demo ?? false,
    },
  };
}
