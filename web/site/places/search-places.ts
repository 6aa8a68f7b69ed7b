/**
 * The radius search of the map: places of the chosen kinds within the radius, nearest first, at most
 * {@link MAX_PLACES} — one OpenSearch request with a `geo_distance` filter and a `_geo_distance` sort (whose
 * sort value is the distance the list shows).
 */
import type { Client } from '@opensearch-project/opensearch';
import { InfraError } from '../../../domain/errors';
import { MAX_PLACES } from '../../../domain/places';
import type { PlaceDoc } from '../../../activities/places/place';
import type { PlacesSearch } from './places-query';
import type { PlaceItemOutput, PlacesReplyOutput } from '../schemas/places';

/** The OpenSearch request body of a search (the benchmark sends the same one straight to OpenSearch). */
export function placesQueryBody(search: PlacesSearch): Record<string, unknown> {
  const center = { lat: search.lat, lon: search.lng };
  const filter: Record<string, unknown>[] = [{ geo_distance: { distance: `${search.radiusKm}km`, location: center } }];
  if (search.kinds.length > 0) filter.push({ terms: { kind: search.kinds } });
  return {
    size: MAX_PLACES,
    track_total_hits: true,
    query: { bool: { filter } },
    sort: [{ _geo_distance: { location: center, order: 'asc', unit: 'm', distance_type: 'arc' } }],
  };
}

/** A stored place as the API lists it, `distanceM` metres from the search's centre (rounded). */
export function placeItemOf(doc: PlaceDoc, distanceM: number): PlaceItemOutput {
  return {
    id: doc.id,
    name: doc.name,
    kind: doc.kind,
    roadAddress: doc.roadAddress,
    lotAddress: doc.lotAddress,
    lat: doc.location.lat,
    lng: doc.location.lon,
    phone: doc.phone,
    hours: doc.hours,
    distanceM: Math.round(distanceM),
    demo: doc.demo,
  };
}

/**
 * Runs the search on `alias`.
 * @throws InfraError `ServiceUnavailable` when OpenSearch does not answer (the page says so; the API answers 503)
 */
export async function searchPlaces(client: Client, alias: string, search: PlacesSearch): Promise<PlacesReplyOutput> {
  let body;
  try {
    ({ body } = await client.search({ index: alias, body: placesQueryBody(search) }));
  } catch (err) {
    throw new InfraError('ServiceUnavailable', `places search failed: ${(err as Error).message}`, { alias }, { cause: err });
  }
  const places: PlaceItemOutput[] = body.hits.hits.map((hit) => placeItemOf(hit._source as PlaceDoc, Number(hit.sort?.[0] ?? 0)));
  const total = typeof body.hits.total === 'number' ? body.hits.total : (body.hits.total?.value ?? places.length);
  return { center: { lat: search.lat, lng: search.lng }, radiusKm: search.radiusKm, kinds: [...search.kinds], total, limit: MAX_PLACES, places };
}
