/**
 * The less-waste map: the page `/lesswaste` and its search API `GET /api/places`.
 *
 * The API checks the query (a position inside Korea, a radius of 1–20 km, known kinds — each refusal a 400
 * with its Korean message), searches the places (held in memory, places-in-memory.ts; else the alias with a
 * geo_distance filter; nearest first, at most 200) and
 * reports a `lesswaste_search` event with the radius and the position rounded to 0.01° (about 1 km): no exact
 * location is stored. OpenSearch down → 503 (the page's script says so).
 *
 * The page renders the first search on the server (the form works without script). When the search fails —
 * OpenSearch down — the page still renders, with a notice instead of the list; an invalid query renders the
 * default search with the query's message.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { FastifyInstance } from 'fastify';
import { isCiaoError } from '../../../domain/errors';
import { RADIUS_KM, SEOUL_CITY_HALL, roundedPosition, type PlaceKind } from '../../../domain/places';
import { ERROR_RESPONSES } from '../../schemas/errors';
import { parsePlacesQuery, type PlacesSearch } from '../places/places-query';
import { searchPlaces } from '../places/search-places';
import { LesswastePageQuery, type LesswastePageQueryInput } from '../schemas/lesswaste-page';
import { PlacesQuery, PlacesReply, type PlacesQueryInput, type PlacesReplyOutput } from '../schemas/places';
import { PlacesInMemory } from '../places/places-in-memory';
import { sendPage } from '../send-page';
import { lesswasteBody } from '../views/lesswaste';
import { SEARCH_DOWN_MESSAGE } from '../places/place-format';

/** Options of {@link placesRoutes}. */
export interface PlacesRoutesOptions {
  /** The places alias to search. */
  readonly alias: string;
}

/** How long the app's start waits for the places to be in memory (past it, OpenSearch answers until they are). */
const FIRST_LOAD_WAIT_MS = 5000;

/** The answer of a search: the places held in memory, else OpenSearch. @throws as {@link searchPlaces} */
async function findPlaces(app: FastifyInstance, memory: PlacesInMemory, alias: string, search: PlacesSearch): Promise<PlacesReplyOutput> {
  return memory.find(search) ?? searchPlaces(app.stores.search.client, alias, search);
}

/** The places routes plugin. */
export function placesRoutes(app: FastifyInstance, options: PlacesRoutesOptions): Promise<void> {
  const memory = new PlacesInMemory(app.stores.search.client, {
    alias: options.alias,
    ...app.config.web.placesMemory,
    onError: (err) => app.log.warn({ err }, 'could not load the places into memory; the map asks OpenSearch'),
  });
  // The first load is waited for (a bounded time), so a started app answers from memory at once.
  app.addHook('onReady', async () => {
    memory.start();
    await Promise.race([memory.check(), delay(FIRST_LOAD_WAIT_MS, undefined, { ref: false })]);
  });
  app.addHook('onClose', () => {
    memory.stop();
    return Promise.resolve();
  });

  app.get<{ Querystring: PlacesQueryInput }>(
    '/api/places',
    { schema: { querystring: PlacesQuery, response: { 200: PlacesReply, ...ERROR_RESPONSES } } },
    async (request) => {
      const search = parsePlacesQuery(request.query);
      const reply = await findPlaces(app, memory, options.alias, search);
      request.publishEvent('lesswaste_search', { radiusKm: search.radiusKm, ...roundedPosition(search) }, { page: '/lesswaste' });
      return reply;
    },
  );

  app.get<{ Querystring: LesswastePageQueryInput }>('/lesswaste', { schema: { querystring: LesswastePageQuery } }, async (request, reply) => {
    const query = request.query;
    const kindList = Array.isArray(query.kind) ? query.kind : query.kind ? [query.kind] : [];
    const byDefault: PlacesSearch = { ...SEOUL_CITY_HALL, radiusKm: RADIUS_KM.default, kinds: [] };
    let search = byDefault;
    let notice: string | null = null;
    const asked = query.lat !== undefined || query.lng !== undefined || query.radiusKm !== undefined || kindList.length > 0;
    if (asked) {
      try {
        search = parsePlacesQuery({ lat: query.lat ?? String(SEOUL_CITY_HALL.lat), lng: query.lng ?? String(SEOUL_CITY_HALL.lng), ...(query.radiusKm ? { radiusKm: query.radiusKm } : {}), kind: kindList.join(',') });
      } catch (err) {
        if (!isCiaoError(err, 'ValidationFailed')) throw err;
        notice = `${err.message} 기본 조건(서울시청, 반경 ${RADIUS_KM.default}km)으로 보여 드려요.`;
      }
    }
    let result = null;
    try {
      result = await findPlaces(app, memory, options.alias, search);
    } catch (err) {
      if (!isCiaoError(err, 'ServiceUnavailable')) throw err;
      request.log.warn({ err }, 'places search failed; rendering the map page without places');
      notice = SEARCH_DOWN_MESSAGE;
    }
    const isDefaultPosition = search.lat === SEOUL_CITY_HALL.lat && search.lng === SEOUL_CITY_HALL.lng;
    const kinds: readonly PlaceKind[] = search.kinds;
    const body = lesswasteBody({ lat: search.lat, lng: search.lng, isDefaultPosition, radiusKm: search.radiusKm, kinds, result, notice, map: { tileUrl: app.config.map.tileUrl, attribution: app.config.map.attribution } });
    return sendPage(request, reply, {
      title: '리필숍 지도',
      nav: 'lesswaste',
      body,
      styles: [app.assetUrl('leaflet.css'), app.assetUrl('markercluster.css'), app.assetUrl('markercluster-default.css')],
      scripts: [app.assetUrl('lesswaste-map.js')],
    });
  });
  return Promise.resolve();
}
