/**
 * A {@link Geocoder} over Kakao's Local API, "address to coordinates"
 * (`GET https://dapi.kakao.com/v2/local/search/address.json?query=…`, header `Authorization: KakaoAK <REST
 * API key>`): road-name and lot addresses both work; the first document's `y` / `x` are the latitude /
 * longitude (WGS84). Requests are spaced (`minIntervalMs`) to stay inside the key's quota.
 */
import { InfraError } from '../../../domain/errors';
import type { LatLng } from '../../../domain/places';
import type { Geocoder } from './geocoder';

/** Options of {@link kakaoGeocoder}. */
export interface KakaoGeocoderOptions {
  /** The app's REST API key. */
  readonly apiKey: string;
  /** API origin (default `https://dapi.kakao.com`; tests point it at a local server). */
  readonly baseUrl?: string;
  /** Per-request timeout in ms (default 5000). */
  readonly timeoutMs?: number;
  /** Least time between two requests in ms (default 50, i.e. ≤ 20 requests/s). */
  readonly minIntervalMs?: number;
}

interface KakaoAddressReply {
  readonly documents?: readonly { readonly x?: unknown; readonly y?: unknown }[];
}

/** See the module comment. */
export function kakaoGeocoder(options: KakaoGeocoderOptions): Geocoder {
  const base = (options.baseUrl ?? 'https://dapi.kakao.com').replace(/\/$/, '');
  const interval = options.minIntervalMs ?? 50;
  let nextAt = 0;
  return {
    name: 'kakao',
    async geocode(address) {
      const wait = nextAt - Date.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      nextAt = Date.now() + interval;
      const url = `${base}/v2/local/search/address.json?query=${encodeURIComponent(address)}&size=1`;
      let res: Response;
      try {
        res = await fetch(url, { headers: { authorization: `KakaoAK ${options.apiKey}` }, signal: AbortSignal.timeout(options.timeoutMs ?? 5000) });
      } catch (err) {
        throw new InfraError('ServiceUnavailable', `Kakao geocoder unreachable: ${(err as Error).message}`, { url: base }, { cause: err });
      }
      if (!res.ok) throw new InfraError('ServiceUnavailable', `Kakao geocoder answered ${res.status} for "${address}"`, { status: res.status });
      const body = (await res.json()) as KakaoAddressReply;
      const first = body.documents?.[0];
      if (!first) return undefined;
      const lat = Number(first.y);
      const lng = Number(first.x);
      return Number.isFinite(lat) && Number.isFinite(lng) ? ({ lat, lng } satisfies LatLng) : undefined;
    },
  };
}
