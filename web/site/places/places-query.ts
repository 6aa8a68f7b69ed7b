/**
 * The checks of a places search, each with its own Korean message: a position inside Korea, a radius of
 * 1–20 km, known kinds. Pure, so the page and the API share it.
 */
import { InfraError } from '../../../domain/errors';
import { KOREA_BOUNDS, PLACE_KINDS, RADIUS_KM, isInsideKorea, isPlaceKind, type PlaceKind } from '../../../domain/places';
import type { PlacesQueryInput } from '../schemas/places';

/** A checked search. */
export interface PlacesSearch {
  readonly lat: number;
  readonly lng: number;
  readonly radiusKm: number;
  /** Empty: every kind. */
  readonly kinds: readonly PlaceKind[];
}

const refuse = (message: string, field: string): never => {
  throw new InfraError('ValidationFailed', message, { field });
};

function decimal(text: string | undefined, field: string, label: string): number | undefined {
  if (text === undefined || text === '') return undefined;
  if (!/^[+-]?\d{1,4}(\.\d{1,12})?$/.test(text)) refuse(`${label}(${field})는 숫자로 적어 주세요. 예: 37.5663`, field);
  return Number(text);
}

/**
 * Checks a query.
 * @throws InfraError `ValidationFailed` (400) with a Korean message naming what is wrong
 */
export function parsePlacesQuery(query: PlacesQueryInput): PlacesSearch {
  const lat = decimal(query.lat, 'lat', '위도');
  const lng = decimal(query.lng, 'lng', '경도');
  if (lat === undefined || lng === undefined) return refuse('위치(lat, lng)를 함께 보내 주세요.', lat === undefined ? 'lat' : 'lng');
  if (!isInsideKorea({ lat, lng })) {
    refuse(`대한민국 밖의 위치예요 (${lat}, ${lng}). 위도 ${KOREA_BOUNDS.minLat}~${KOREA_BOUNDS.maxLat}, 경도 ${KOREA_BOUNDS.minLng}~${KOREA_BOUNDS.maxLng} 안에서 찾을 수 있어요.`, 'lat');
  }
  const radiusKm = decimal(query.radiusKm, 'radiusKm', '반경') ?? RADIUS_KM.default;
  if (radiusKm < RADIUS_KM.min || radiusKm > RADIUS_KM.max) refuse(`반경은 ${RADIUS_KM.min}~${RADIUS_KM.max}km 사이로 골라 주세요 (받은 값: ${radiusKm}km).`, 'radiusKm');
  const kinds = (query.kind ?? '')
    .split(',')
    .map((k) => k.trim())
    .filter(Boolean);
  const unknown = kinds.filter((k) => !isPlaceKind(k));
  if (unknown.length > 0) refuse(`알 수 없는 종류예요: ${unknown.join(', ')}. ${PLACE_KINDS.join(', ')} 중에서 골라 주세요.`, 'kind');
  return { lat, lng, radiusKm, kinds: [...new Set(kinds)] as PlaceKind[] };
}
