/**
 * How many places of the wanted kinds lie within a radius — the total the map shows beside the nearest 200 — in
 * time that grows with the circle's edge, not its area: the places are binned into cells of about 1 km; a cell
 * wholly inside the circle adds its per-kind counts, one wholly outside is skipped, and only the places of the
 * cells the edge crosses are measured one by one.
 *
 * Distances are measured on the local flat projection around the centre (a few multiplications), which is within
 * 0.3 % of the great-circle distance up to 20 km; a place or cell within ±{@link EDGE_BAND} of the radius is
 * decided by the great-circle distance (the caller's `distanceKm`, e.g. geokdbush's), so the count is the one a
 * great-circle `geo_distance` filter gives. Pure: unit-tested against a brute-force count.
 */

/** Kilometres per degree of latitude on the sphere of radius 6371 km. */
export const KM_PER_DEGREE = (Math.PI * 6371) / 180;
/** Relative half-width of the band at the circle's edge decided by the great-circle distance. */
export const EDGE_BAND = 0.005;
/** Cell size, degrees of latitude and of longitude (about 1.1 km × 1.0 km in Korea). */
const CELL_LAT = 0.01;
const CELL_LNG = 0.0125;
/** Kinds are bits 0–7 of a mask. */
const KINDS = 8;

interface Cell {
  /** Places in the cell per kind code. */
  readonly counts: Uint32Array;
  /** The places (ids) in the cell. */
  readonly ids: number[];
}

const cellRow = (lat: number): number => Math.floor(lat / CELL_LAT);
const cellCol = (lng: number): number => Math.floor(lng / CELL_LNG);
const keyOf = (row: number, col: number): number => row * 100_000 + col + 50_000;

/** A great-circle distance in km between two points given as (lng, lat). */
export type DistanceKm = (lng1: number, lat1: number, lng2: number, lat2: number) => number;

/** See the module comment. */
export class PlaceGrid {
  private readonly cells = new Map<number, Cell>();

  /**
   * @param lats - latitude of place i
   * @param lngs - longitude of place i
   * @param kinds - kind code of place i (0–7; the bit it sets in a kind mask)
   */
  constructor(
    private readonly lats: Float64Array,
    private readonly lngs: Float64Array,
    private readonly kinds: Uint8Array,
  ) {
    for (let i = 0; i < lats.length; i++) {
      const key = keyOf(cellRow(lats[i] ?? 0), cellCol(lngs[i] ?? 0));
      let cell = this.cells.get(key);
      if (!cell) this.cells.set(key, (cell = { counts: new Uint32Array(KINDS), ids: [] }));
      cell.ids.push(i);
      const k = (kinds[i] ?? 0) % KINDS;
      cell.counts[k] = (cell.counts[k] ?? 0) + 1;
    }
  }

  /**
   * Places within `radiusKm` of (lat, lng) whose kind code's bit is set in `kindMask`.
   * @param distanceKm - the great-circle distance that decides places at the edge
   */
  countWithin(lat: number, lng: number, radiusKm: number, kindMask: number, distanceKm: DistanceKm): number {
    const kmPerLng = KM_PER_DEGREE * Math.cos((lat * Math.PI) / 180);
    const inner = (radiusKm * (1 - EDGE_BAND)) ** 2;
    const outer = (radiusKm * (1 + EDGE_BAND)) ** 2;
    const flat = (pLat: number, pLng: number): number => {
      const dy = (pLat - lat) * KM_PER_DEGREE;
      const dx = (pLng - lng) * kmPerLng;
      return dx * dx + dy * dy;
    };
    // Rows and columns of every cell the circle (with its band) can touch.
    const reach = radiusKm * (1 + EDGE_BAND);
    const dLat = reach / KM_PER_DEGREE;
    const dLng = reach / (KM_PER_DEGREE * Math.cos((Math.min(89, Math.abs(lat) + dLat) * Math.PI) / 180));
    let total = 0;
    for (let row = cellRow(lat - dLat); row <= cellRow(lat + dLat); row++) {
      const south = row * CELL_LAT;
      const north = south + CELL_LAT;
      for (let col = cellCol(lng - dLng); col <= cellCol(lng + dLng); col++) {
        const cell = this.cells.get(keyOf(row, col));
        if (!cell) continue;
        const west = col * CELL_LNG;
        const east = west + CELL_LNG;
        // The cell's nearest and farthest points from the centre, on the flat projection.
        const nearLat = Math.min(Math.max(lat, south), north);
        const nearLng = Math.min(Math.max(lng, west), east);
        if (flat(nearLat, nearLng) > outer) continue;
        const farLat = lat - south > north - lat ? south : north;
        const farLng = lng - west > east - lng ? west : east;
        if (flat(farLat, farLng) <= inner) {
          for (let k = 0; k < KINDS; k++) if (kindMask & (1 << k)) total += cell.counts[k] ?? 0;
          continue;
        }
        for (const i of cell.ids) {
          if (((1 << (this.kinds[i] ?? 0)) & kindMask) === 0) continue;
          const pLat = this.lats[i] ?? 0;
          const pLng = this.lngs[i] ?? 0;
          const d = flat(pLat, pLng);
          if (d <= inner || (d <= outer && distanceKm(lng, lat, pLng, pLat) <= radiusKm)) total++;
        }
      }
    }
    return total;
  }
}
