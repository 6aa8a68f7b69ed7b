/**
 * The id of a place in the index: 16 hex digits of the SHA-1 of its source, name key and position rounded to
 * about 10 m, so a rerun over the same data gives the same ids.
 */
import { createHash } from 'node:crypto';
import { placeNameKey } from '../../domain/places';
import type { PlaceDoc } from './place';
import type { PlacedRow } from './dedupe-places';

/** See the module comment. */
export function placeIdOf(row: PlacedRow): string {
  const key = `${row.source}|${placeNameKey(row.name)}|${row.lat.toFixed(4)}|${row.lng.toFixed(4)}`;
  return createHash('sha1').update(key).digest('hex').slice(0, 16);
}

/** The index document of a placed row. */
export function placeDocOf(row: PlacedRow, updatedAt: string): PlaceDoc {
  return {
    id: placeIdOf(row),
    name: row.name,
    kind: row.kind,
    roadAddress: row.roadAddress,
    lotAddress: row.lotAddress,
    location: { lat: row.lat, lon: row.lng },
    phone: row.phone,
    hours: row.hours,
    source: row.source,
    demo: row.demo,
    updatedAt,
  };
}
