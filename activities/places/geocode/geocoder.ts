/**
 * The pluggable geocoder of the places pipeline: an address in, a position out (or nothing when the service
 * found no match). Which one a worker uses is configuration (`GEOCODER`, `GEOCODER_API_KEY`); without one,
 * rows lacking coordinates are reported and skipped — never placed at a guessed point.
 */
import type { LatLng } from '../../../domain/places';

/** Turns an address into a position. */
export interface Geocoder {
  /** Name for reports (`kakao`). */
  readonly name: string;
  /**
   * The position of `address`, or undefined when the service has no match.
   * @throws InfraError `ServiceUnavailable` when the service cannot be asked (network, quota, 5xx): the task
   *   fails and is retried rather than reporting every row as unmatched
   */
  geocode(address: string): Promise<LatLng | undefined>;
}
