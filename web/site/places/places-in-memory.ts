/**
 * The map's places kept in the web process, so a radius search is a lookup in a k-d tree (kdbush, geokdbush: the
 * nearest 200) and a grid of counts (place-grid.ts: the total within the radius) instead of a `geo_distance` query: the places change once a week (the `lesswaste_places` DAG swaps the alias),
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
import { MAX_PLACES, PLACE_KINDS } from '../../../domain/places';
import { PlaceGrid } from './place-grid';
import { placeItemOf } from './search-places';
import type { PlacesSearch } from './places-query';
import type { PlaceItemOutput, PlacesReplyOutput } from '../schemas/places';

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
  /** The places binned for the total within a radius. */
  readonly grid: PlaceGrid;
}

type GeoKdbush = typeof GeoKdbushModule;

/** A kind's bit in the count's mask; one this version does not know (the DAG never writes one) is 7, counted only when every kind is asked for. */
function kindCode(kind: string): number {
  const k = (PLACE_KINDS as readonly string[]).indexOf(kind);
  return k < 0 ? 7 : k;
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
    // Bit k set: kind PLACE_KINDS[k] is wanted.
    const kindMask = search.kinds.length === 0 ? 0xff : search.kinds.reduce((mask, k) => mask | (1 << PLACE_KINDS.indexOf(k)), 0);
    if (!held.tree) return { center: { lat, lng }, radiusKm, kinds: [...search.kinds], total: 0, limit: MAX_PLACES, places: [] };
    // Nearest first, within the radius, at most MAX_PLACES: geokdbush walks the tree by great-circle distance.
    const tree = held.tree;
    const nearest = geo.around(tree, lng, lat, MAX_PLACES, radiusKm, wanted);
    const places = nearest.map((i) => {
      const place = held.places[i] as PlaceItemOutput;
      return { ...place, distanceM: Math.round(geo.distance(lng, lat, place.lng, place.lat) * 1000) };
    });
    return { center: { lat, lng }, radiusKm, kinds: [...search.kinds], total: held.grid.countWithin(lat, lng, radiusKm, kindMask, geo.distance), limit: MAX_PLACES, places };
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
        for (const hit of body.hits.hits) if (hit._source) places.push(placeItemOf(hit._source as PlaceDoc, 0));
        if (places.length > this.options.maxPlaces) throw new Error(`more than ${this.options.maxPlaces} places in ${index}`);
        if (!body._scroll_id) break;
        ({ body } = await this.client.scroll({ scroll_id: body._scroll_id, scroll: '1m' }));
      }
    } finally {
      if (body._scroll_id) await this.client.clearScroll({ scroll_id: body._scroll_id }).catch(() => undefined);
    }
    const grid = new PlaceGrid(Float64Array.from(places, (p) => p.lat), Float64Array.from(places, (p) => p.lng), Uint8Array.from(places, (p) => kindCode(p.kind)));
    if (places.length === 0) return { index, tree: null, places, grid };
    const tree = new this.kdbush(places.length);
    for (const place of places) tree.add(place.lng, place.lat);
    tree.finish();
    return { index, tree, places, grid };
  }
}
