/**
 * Every activity of the `lesswaste_places` DAG, bound to the worker's stores and configuration. The geocoder
 * is Kakao's when `GEOCODER_KAKAO_KEY` is set, else none (rows without coordinates are reported and skipped);
 * tests pass their own names and geocoder.
 */
import type { Config } from '../../infra/config';
import type { Stores } from '../../infra/stores';
import { createDedupeActivities } from './dedupe-task';
import { createGeocodeActivities } from './geocode-task';
import type { Geocoder } from './geocode/geocoder';
import { kakaoGeocoder } from './geocode/kakao-geocoder';
import { createLoadSourceActivities } from './load-source-task';
import { createPlacesIndexActivities } from './places-index-tasks';
import { PLACES_NAMING, type PlacesNaming } from './places-naming';

/** Overrides of {@link createPlacesActivities}. */
export interface PlacesActivityOptions {
  /** Names (default: the data contracts). */
  readonly naming?: PlacesNaming;
  /** Geocoder (default: from the configuration; null for none). */
  readonly geocoder?: Geocoder | null;
}

/** The geocoder the configuration asks for, or undefined. */
export function configuredGeocoder(config: Config): Geocoder | undefined {
  return config.places.kakao.apiKey ? kakaoGeocoder({ apiKey: config.places.kakao.apiKey, baseUrl: config.places.kakao.url }) : undefined;
}

/** The places pipeline's activities. */
export function createPlacesActivities(stores: Stores, config: Config, options: PlacesActivityOptions = {}) {
  const naming = options.naming ?? PLACES_NAMING;
  const geocoder = options.geocoder === undefined ? configuredGeocoder(config) : (options.geocoder ?? undefined);
  return {
    ...createLoadSourceActivities(stores, config, naming),
    ...createGeocodeActivities(stores, naming, geocoder),
    ...createDedupeActivities(stores, naming),
    ...createPlacesIndexActivities(stores, naming),
  };
}
