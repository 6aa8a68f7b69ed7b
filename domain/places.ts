/**
 * Less-waste places (SPEC §1 lesswaste, §3 less-waste places): the kinds of place, the Korea bounds every
 * coordinate must fall in, distances, the default point, and the rounding applied before a position is
 * logged. Pure: the pipeline, the web tier and the browser script share it.
 */

/** The kinds of place on the map. */
export const PLACE_KINDS = ['refill_shop', 'zero_waste_shop', 'recycling_machine'] as const;
/** One kind of place. */
export type PlaceKind = (typeof PLACE_KINDS)[number];

/** What the page calls each kind. */
export const PLACE_KIND_LABELS: Readonly<Record<PlaceKind, string>> = {
  refill_shop: '리필숍',
  zero_waste_shop: '제로웨이스트숍',
  recycling_machine: '재활용 수거기',
};

/** True when `value` is a place kind. */
export function isPlaceKind(value: string): value is PlaceKind {
  return (PLACE_KINDS as readonly string[]).includes(value);
}

/** A WGS84 position in degrees. */
export interface LatLng {
  readonly lat: number;
  readonly lng: number;
}

/**
 * A box around South Korea's land and islands (Marado 33.11° N to Goseong 38.6° N, Baengnyeongdo 124.6° E to
 * Dokdo 131.87° E), with a little margin. A coordinate outside it is a data error (swapped lat/lng, a
 * projected coordinate, a missing sign), not a shop abroad.
 */
export const KOREA_BOUNDS = { minLat: 33.0, maxLat: 38.7, minLng: 124.5, maxLng: 132.0 } as const;

/** True when the position is inside {@link KOREA_BOUNDS}. */
export function isInsideKorea(p: LatLng): boolean {
  return p.lat >= KOREA_BOUNDS.minLat && p.lat <= KOREA_BOUNDS.maxLat && p.lng >= KOREA_BOUNDS.minLng && p.lng <= KOREA_BOUNDS.maxLng;
}

/** The default point when the browser gives no position: Seoul City Hall. */
export const SEOUL_CITY_HALL: LatLng = { lat: 37.5663, lng: 126.9779 };

/** The search radius the page offers, in km. */
export const RADIUS_KM = { min: 1, max: 20, default: 5 } as const;

/** Places one search returns at most (nearest first). */
export const MAX_PLACES = 200;

/** Same-name places closer than this are one place (metres). */
export const DUPLICATE_DISTANCE_M = 50;

const EARTH_RADIUS_M = 6_371_008.8;
const rad = (deg: number): number => (deg * Math.PI) / 180;

/** Great-circle distance between two positions, in metres (haversine). */
export function distanceMeters(a: LatLng, b: LatLng): number {
  const dLat = rad(b.lat - a.lat);
  const dLng = rad(b.lng - a.lng);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * The position as it may be logged: rounded to 0.01° (about 1.1 km north–south, 0.9 km east–west at Seoul's
 * latitude), so an event never stores where exactly a member stands.
 */
export function roundedPosition(p: LatLng): LatLng {
  const round = (v: number): number => Math.round(v * 100) / 100;
  return { lat: round(p.lat), lng: round(p.lng) };
}

/** The key two names compare by: NFKC, lower case, without spaces and punctuation. */
export function placeNameKey(name: string): string {
  return name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}]+/gu, '');
}
