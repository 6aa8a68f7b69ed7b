/**
 * De-duplication: places with the same name (compared by {@link placeNameKey}) within
 * {@link DUPLICATE_DISTANCE_M} of each other are one place. The first one met is kept (sources in the order
 * the run lists them, rows in file order) and fields it lacks are filled from the ones dropped, so a shop two
 * sources list once with its phone and once with its hours keeps both.
 */
import { DUPLICATE_DISTANCE_M, distanceMeters, placeNameKey } from '../../domain/places';
import type { PlaceRow } from './place';

/** A placed row (coordinates known). */
export type PlacedRow = PlaceRow & { readonly lat: number; readonly lng: number };

/** A dropped duplicate and the row it merged into. */
export interface Duplicate {
  readonly origin: string;
  readonly keptOrigin: string;
  readonly name: string;
  readonly distanceM: number;
}

/** Outcome of {@link dedupePlaces}. */
export interface DedupedPlaces {
  readonly places: PlacedRow[];
  readonly duplicates: Duplicate[];
}

/** See the module comment. Rows are compared only within the same name, so the cost stays near linear. */
export function dedupePlaces(rows: readonly PlacedRow[], withinM: number = DUPLICATE_DISTANCE_M): DedupedPlaces {
  /** Name key → positions in `kept` of the places with that name. */
  const byName = new Map<string, number[]>();
  const kept: PlacedRow[] = [];
  const duplicates: Duplicate[] = [];
  for (const row of rows) {
    const key = placeNameKey(row.name);
    const group = byName.get(key) ?? [];
    const at = group.find((i) => distanceMeters(kept[i] as PlacedRow, row) <= withinM);
    if (at === undefined) {
      group.push(kept.length);
      kept.push(row);
      byName.set(key, group);
      continue;
    }
    const other = kept[at] as PlacedRow;
    kept[at] = {
      ...other,
      roadAddress: other.roadAddress ?? row.roadAddress,
      lotAddress: other.lotAddress ?? row.lotAddress,
      phone: other.phone ?? row.phone,
      hours: other.hours ?? row.hours,
    };
    duplicates.push({ origin: row.origin, keptOrigin: other.origin, name: row.name, distanceM: Math.round(distanceMeters(other, row)) });
  }
  return { places: kept, duplicates };
}
