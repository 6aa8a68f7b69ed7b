/**
 * Test support for the less-waste map: puts places into a dated index behind a test alias of its own (through
 * the pipeline's own parsing, validation, dedupe and index helpers), and removes them afterwards.
 */
import type { Client } from '@opensearch-project/opensearch';
import { dedupePlaces, type PlacedRow } from '../../activities/places/dedupe-places';
import { placeDocOf } from '../../activities/places/place-id';
import { listPlaceSources, readSourceBytes } from '../../activities/places/source-catalog';
import { decodeSource, readSourceRows } from '../../activities/places/source-formats';
import { validatePlaceRow } from '../../activities/places/validate-row';
import { bulkIndexDocs } from '../../activities/search/bulk-index';
import { listIndexes, pointAlias } from '../../activities/search/index-admin';
import type { PlaceKind } from '../../domain/places';
import { PROJECT_ROOT } from '../../infra/config';
import { PLACES_INDEX_BODY } from '../../infra/search-indexes';
import { join } from 'node:path';

/** The demo sources' places, validated, placed and de-duplicated as a run would (no geocoder). */
export async function demoPlaces(): Promise<PlacedRow[]> {
  const rows: PlacedRow[] = [];
  for (const source of await listPlaceSources(join(PROJECT_ROOT, 'activities/places/sources'))) {
    const read = readSourceRows(source, decodeSource(source, await readSourceBytes(source)));
    for (const raw of read.rows) {
      const v = validatePlaceRow(source, raw);
      if (v.ok && v.row.lat !== null && v.row.lng !== null) rows.push({ ...v.row, lat: v.row.lat, lng: v.row.lng });
    }
  }
  return dedupePlaces(rows).places;
}

/** A made-up place at a position. */
export function placeAt(name: string, lat: number, lng: number, kind: PlaceKind = 'refill_shop'): PlacedRow {
  return { origin: `test:${name}`, source: 'test', name, kind, roadAddress: `서울특별시 중구 시험로 ${name.length}`, lotAddress: null, lat, lng, phone: null, hours: '10:00-20:00', demo: false };
}

/** Indexes `rows` into `<alias>-<YYYYMMDD>-<n>` and points `alias` at it. @returns the index */
export async function indexPlacesUnder(client: Client, alias: string, rows: readonly PlacedRow[], build = 1): Promise<string> {
  const index = `${alias}-20261206-${build}`;
  await client.indices.delete({ index }, { ignore: [404] });
  await client.indices.create({ index, body: PLACES_INDEX_BODY });
  await bulkIndexDocs(client, index, rows.map((r) => placeDocOf(r, '2026-12-06T12:00:00.000+09:00')));
  await client.indices.refresh({ index });
  await pointAlias(client, alias, index);
  return index;
}

/** Deletes every index of a test alias (`<alias>-*`). */
export async function removePlacesIndexes(client: Client, alias: string): Promise<void> {
  const indexes = await listIndexes(client, `${alias}-`);
  if (indexes.length > 0) await client.indices.delete({ index: indexes.join(',') });
}
