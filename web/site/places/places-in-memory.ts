/**
 * The map's places kept in the web process, so a radius search is a lookup in a k-d tree (kdbush, geokdbush)
 * instead of a `geo_distance` query: the places change once a week (the `lesswaste_places` DAG swaps the alias),
 * are few (Korea's refill shops and machines are thousands; PLACES_MEMORY_MAX bounds it), and the map asks on
 * every pan and radius change.
 *
 * Every PLACES_MEMORY_CHECK_S the alias is read; when it points at another index than the one held, that index is
 * read whole (scroll) into a new tree, which then replaces the old one — searches meanwhile use the old one. Until
 * a tree is held (start, an alias with more places than the bound, an index that cannot be read) {@link find}
 * answers null and the caller asks OpenSearch. While OpenSearch is away the held places keep answering.
 *
 * Answers match OpenSearch's (same filter, `arc` distances, nearest first, the total within the radius): the
 * integration test compares the two.
 */
import type { Client } from '@opensearch-project/opensearch';
import type * as GeoKdbushModule from 'geokdbush' with { 'resolution-mode': 'import' };
import type KDBush from 'kdbush' with { 'resolution-mode': 'import' };
import type { PlaceDoc } from '../../../activities/places/place';
import { aliasTargets } from '../../../activities/search/index-admin';
import { MAX_PLACES } from '../../../domain/places';
import type { PlacesSearch } from './places-query';
import type { PlaceItemOutput, PlacesReplyOutput } from '../schemas/places';

/** Kilometres per degree of latitude (and of longitude at the equator) on the sphere geokdbush measures on. */
const KM_PER_DEGREE = (Math.PI * 6371) / 180;
/** Places read per scroll page. */
const SCROLL_PAGE = 5000;

/** Options of {@link PlacesInMemory}. */
export interface PlacesInMemoryOptions {
  /** Alias of the served places index. */
  readonly alias: string;
  /** Most places held (more: none held, OpenSearch answers). */
  readonly maxPlaces: number;
  /** Milliseconds between two reads of the alias. */
  readonly checkMs: number;
  /** Told when loading fails (the old places stay). */
  readonly onError?: (err: unknown) => void;
}

interface Held {
  /** The concrete index they were read from. */
  readonly index: string;
  /** Null when the index holds no place. */
  readonly tree: KDBush | null;
  readonly places: readonly PlaceItemOutput[];
}

type GeoKdbush = typeof GeoKdbushModule;

function itemOf(doc: PlaceDoc): PlaceItemOutput {
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
    distanceM: 0,
    demo: doc.demo,
  };
}

/** See the module comment. */
export class PlacesInMemory {
  private held: Held | null = null;
  private timer: NodeJS.Timeout | null = null;
  private checking: Promise<void> | null = null;
  private geo: GeoKdbush | null = null;
  private kdbush: typeof KDBush | null = null;

  constructor(
    private readonly client: Client,
    private readonly options: PlacesInMemoryOptions,
  ) {}

  /** Starts checking the alias (the first check at once). A bound of 0 holds nothing. */
  start(): void {
    if (this.options.maxPlaces <= 0 || this.timer) return;
    void this.check();
    this.timer = setInterval(() => void this.check(), this.options.checkMs);
    this.timer.unref();
  }

  /** Stops checking and drops the places. */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.held = null;
  }

  /** The index whose places are held, or null. */
  get heldIndex(): string | null {
    return this.held?.index ?? null;
  }

  /** Reads the alias now and loads its index if it changed (tests, and the interval). Never throws. */
  check(): Promise<void> {
    this.checking ??= this.refresh()
      .catch((err: unknown) => this.options.onError?.(err))
      .finally(() => {
        this.checking = null;
      });
    return this.checking;
  }

  /**
   * The search's answer from the held places, or null when none are held (ask OpenSearch).
   */
  find(search: PlacesSearch): PlacesReplyOutput | null {
    const held = this.held;
    const geo = this.geo;
    if (!held || !geo) return null;
    const { lat, lng, radiusKm } = search;
    const kinds = search.kinds.length > 0 ? new Set<string>(search.kinds) : null;
    const wanted = (i: number): boolean => !kinds || kinds.has(held.places[i]?.kind ?? '');
    if (!held.tree) return { center: { lat, lng }, radiusKm, kinds: [...search.kinds], total: 0, limit: MAX_PLACES, places: [] };
    // Nearest first, within the radius, at most MAX_PLACES: geokdbush walks the tree by great-circle distance.
    const tree = held.tree;
    const nearest = geo.around(tree, lng, lat, MAX_PLACES, radiusKm, wanted);
    const places = nearest.map((i) => {
      const place = held.places[i] as PlaceItemOutput;
      return { ...place, distanceM: Math.round(geo.distance(lng, lat, place.lng, place.lat) * 1000) };
    });
    return { center: { lat, lng }, radiusKm, kinds: [...search.kinds], total: this.countWithin(tree, held.places, geo, search, wanted), limit: MAX_PLACES, places };
  }

  /** Places of the wanted kinds within the radius: the box around the circle from the tree, then the exact distance. */
  private countWithin(tree: KDBush, places: readonly PlaceItemOutput[], geo: GeoKdbush, search: PlacesSearch, wanted: (i: number) => boolean): number {
    const { lat, lng, radiusKm } = search;
    const dLat = radiusKm / KM_PER_DEGREE;
    // Longitude degrees shrink towards the pole: size the box at its poleward edge so it holds the whole circle.
    const edge = Math.min(89, Math.abs(lat) + dLat);
    const dLng = radiusKm / (KM_PER_DEGREE * Math.cos((edge * Math.PI) / 180));
    let total = 0;
    for (const i of tree.range(lng - dLng, lat - dLat, lng + dLng, lat + dLat)) {
      const place = places[i];
      if (place && wanted(i) && geo.distance(lng, lat, place.lng, place.lat) <= radiusKm) total++;
    }
    return total;
  }

  private async refresh(): Promise<void> {
    const targets = await aliasTargets(this.client, this.options.alias);
    const index = targets.length === 1 ? targets[0] : undefined;
    if (index === undefined) {
      // No alias (or one over several indexes, which the DAG never makes): OpenSearch answers as it sees fit.
      this.held = null;
      return;
    }
    if (index === this.held?.index) return;
    const { body } = await this.client.count({ index });
    if (body.count > this.options.maxPlaces) {
      this.held = null;
      return;
    }
    this.held = await this.load(index);
  }

  private async load(index: string): Promise<Held> {
    this.geo ??= await import('geokdbush');
    this.kdbush ??= (await import('kdbush')).default;
    const places: PlaceItemOutput[] = [];
    let { body } = await this.client.search({ index, scroll: '1m', size: SCROLL_PAGE, body: { sort: ['_doc'] } });
    try {
      while (body.hits.hits.length > 0) {
        for (const hit of body.hits.hits) if (hit._source) places.push(itemOf(hit._source as PlaceDoc));
        if (places.length > this.options.maxPlaces) throw new Error(`more than ${this.options.maxPlaces} places in ${index}`);
        if (!body._scroll_id) break;
        ({ body } = await this.client.scroll({ scroll_id: body._scroll_id, scroll: '1m' }));
      }
    } finally {
      if (body._scroll_id) await this.client.clearScroll({ scroll_id: body._scroll_id }).catch(() => undefined);
    }
    if (places.length === 0) return { index, tree: null, places };
    const tree = new this.kdbush(places.length);
    for (const place of places) tree.add(place.lng, place.lat);
    tree.finish();
    return { index, tree, places };
  }
}
