import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { randomStream } from '../../../../activities/logs/loadgen/seeded-random';
import { distanceMeters, MAX_PLACES, SEOUL_CITY_HALL } from '../../../../domain/places';
import { loadConfig } from '../../../../infra/config';
import { createSearchStore, type SearchStore } from '../../../../infra/search';
import { buildApp } from '../../../../web/app';
import type { PlacesReplyOutput } from '../../../../web/site/schemas/places';
import { demoPlaces, indexPlacesUnder, placeAt, removePlacesIndexes } from '../../../support/places';
import { uniqueSuffix, useStores } from '../../../support/stores';
import { startTcpProxy, type TcpProxy } from '../../../support/tcp-proxy';
import { watchEvents, type EventWatch } from '../../../support/web';

const alias = `test-lesswaste-places-${uniqueSuffix()}`;
const crowdAlias = `${alias}-crowd`;
let app: FastifyInstance;
let crowdApp: FastifyInstance;
let downApp: FastifyInstance;
let heldApp: FastifyInstance;
let directApp: FastifyInstance;
let proxy: TcpProxy;
let downSearch: SearchStore;
let watch: EventWatch;

// Registered before useStores, so it runs while the stores are open.
after(async () => {
  await watch?.stop();
  await Promise.all([app?.close(), crowdApp?.close(), downApp?.close(), heldApp?.close(), directApp?.close()]);
  await downSearch?.close();
  await proxy?.close();
  await removePlacesIndexes(stores.search.client, alias);
});
const { config, stores } = useStores();

before(async () => {
  await indexPlacesUnder(stores.search.client, alias, await demoPlaces());
  // 300 places within 1 km of City Hall, for the 200 cap.
  const crowd = Array.from({ length: 300 }, (_, i) => placeAt(`밀집 가게 ${i}`, SEOUL_CITY_HALL.lat + ((i % 20) - 10) * 0.0004, SEOUL_CITY_HALL.lng + (Math.floor(i / 20) - 7) * 0.0005));
  await indexPlacesUnder(stores.search.client, crowdAlias, crowd);
  app = await buildApp({ config, stores, logger: false, placesAlias: alias });
  crowdApp = await buildApp({ config, stores, logger: false, placesAlias: crowdAlias, events: { enabled: false } });
  // The same app with OpenSearch behind a proxy the test cuts: the shared server keeps running.
  const search = new URL(config.search.url);
  proxy = await startTcpProxy(search.hostname, Number(search.port));
  // downApp holds no places in memory (every search asks OpenSearch); heldApp holds them (loaded before `ready`).
  const downConfig = loadConfig({ ...process.env, OPENSEARCH_URL: `http://127.0.0.1:${proxy.port}`, PLACES_MEMORY_MAX: '0' });
  downSearch = createSearchStore(downConfig);
  downApp = await buildApp({ config: downConfig, stores: { ...stores, search: downSearch }, logger: false, placesAlias: alias, events: { enabled: false } });
  heldApp = await buildApp({ config: loadConfig({ ...process.env, OPENSEARCH_URL: `http://127.0.0.1:${proxy.port}` }), stores: { ...stores, search: downSearch }, logger: false, placesAlias: alias, events: { enabled: false } });
  directApp = await buildApp({ config: loadConfig({ ...process.env, PLACES_MEMORY_MAX: '0' }), stores, logger: false, placesAlias: alias, events: { enabled: false } });
  await Promise.all([app.ready(), crowdApp.ready(), downApp.ready(), heldApp.ready(), directApp.ready()]);
  watch = await watchEvents(stores.kafka.kafka);
});

const api = async (target: FastifyInstance, query: string) => target.inject({ method: 'GET', url: `/api/places?${query}` });

describe('GET /api/places', () => {
  it('finds places within the radius, nearest first, with the distance it shows', async () => {
    const res = await api(app, 'lat=37.5663&lng=126.9779&radiusKm=5');
    assert.equal(res.statusCode, 200);
    const body = res.json<PlacesReplyOutput>();
    assert.ok(body.places.length >= 5, `${body.places.length} places`);
    assert.equal(body.total, body.places.length);
    const distances = body.places.map((p) => p.distanceM);
    assert.deepEqual(distances, [...distances].sort((a, b) => a - b));
    for (const p of body.places) {
      const d = distanceMeters(SEOUL_CITY_HALL, p);
      assert.ok(d <= 5000 + 1, `${p.name} is ${d} m away`);
      assert.ok(Math.abs(d - p.distanceM) < 5, `${p.name}: shown ${p.distanceM} m, really ${Math.round(d)} m`);
      assert.equal(p.demo, true);
    }
  });

  it('finds more within 20 km than within 2 km, and only the chosen kinds', async () => {
    const near = (await api(app, 'lat=37.5663&lng=126.9779&radiusKm=2')).json<PlacesReplyOutput>();
    const far = (await api(app, 'lat=37.5663&lng=126.9779&radiusKm=20')).json<PlacesReplyOutput>();
    assert.ok(far.total > near.total + 20, `2 km: ${near.total}, 20 km: ${far.total}`);
    const machines = (await api(app, 'lat=37.5663&lng=126.9779&radiusKm=20&kind=recycling_machine')).json<PlacesReplyOutput>();
    assert.ok(machines.places.length > 10);
    assert.deepEqual([...new Set(machines.places.map((p) => p.kind))], ['recycling_machine']);
    const two = (await api(app, 'lat=37.5663&lng=126.9779&radiusKm=20&kind=refill_shop,zero_waste_shop')).json<PlacesReplyOutput>();
    assert.equal(two.total + machines.total, far.total);
  });

  it('returns at most 200 places, the nearest, and says how many there are', async () => {
    const body = (await api(crowdApp, 'lat=37.5663&lng=126.9779&radiusKm=3')).json<PlacesReplyOutput>();
    assert.equal(body.places.length, MAX_PLACES);
    assert.equal(body.total, 300);
    const all = (await api(crowdApp, 'lat=37.5663&lng=126.9779&radiusKm=3')).json<PlacesReplyOutput>();
    assert.ok((all.places.at(-1)?.distanceM ?? 0) <= Math.max(...body.places.map((p) => p.distanceM)));
  });

  it('logs lesswaste_search with the radius and the position rounded to about 1 km', async () => {
    const res = await api(app, 'lat=37.556123&lng=126.901987&radiusKm=7');
    assert.equal(res.statusCode, 200);
    const [event] = await watch.waitFor((e) => e.type === 'lesswaste_search' && e.data.radiusKm === 7);
    assert.deepEqual(event?.data, { radiusKm: 7, lat: 37.56, lng: 126.9 });
    assert.equal(event?.page, '/lesswaste');
  });

  for (const [query, field, words] of [
    ['lat=35.6762&lng=139.6503', 'lat', '대한민국 밖'],
    ['lat=126.9779&lng=37.5663', 'lat', '대한민국 밖'],
    ['lat=37.5663&lng=126.9779&radiusKm=500', 'radiusKm', '1~20km'],
    ['lat=37.5663&lng=126.9779&radiusKm=0.5', 'radiusKm', '1~20km'],
    ['lat=37.5663&lng=126.9779&radiusKm=abc', 'radiusKm', '숫자로'],
    ['lng=126.9779', 'lat', '위치(lat, lng)'],
    ['lat=37.5663&lng=126.9779&kind=cafe', 'kind', '알 수 없는 종류'],
  ] as const) {
    it(`refuses ${query} with a 400 and a Korean message about ${field}`, async () => {
      const res = await api(app, query);
      assert.equal(res.statusCode, 400);
      const body = res.json<{ code: string; message: string }>();
      assert.equal(body.code, 'ValidationFailed');
      assert.ok(body.message.includes(words), body.message);
    });
  }

  it('refuses an unknown parameter', async () => {
    assert.equal((await api(app, 'lat=37.5&lng=127&zoom=3')).statusCode, 400);
  });
});

describe('the /lesswaste page', () => {
  it('renders the map and the nearest places around Seoul City Hall, with the map’s files from this site', async () => {
    const res = await app.inject({ method: 'GET', url: '/lesswaste', headers: { accept: 'text/html' } });
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /<ol class="place-list" data-list>/);
    assert.ok((res.body.match(/class="place-item"/g) ?? []).length >= 5);
    assert.match(res.body, /반경 5km 안에 \d+곳/);
    assert.match(res.body, /\/static\/leaflet\.css\?v=/);
    assert.match(res.body, /\/static\/lesswaste-map\.js\?v=/);
    assert.doesNotMatch(res.body, /준비 중/);
    const csp = String(res.headers['content-security-policy']);
    assert.match(csp, /img-src 'self' data:;/);
    const script = await app.inject({ method: 'GET', url: res.body.match(/\/static\/lesswaste-map\.js\?v=\w+/)?.[0] ?? '' });
    assert.equal(script.statusCode, 200);
    assert.match(script.body, /markerClusterGroup|MarkerClusterGroup/);
  });

  it('lets the tile server through the CSP only when one is configured', async () => {
    const tiles = loadConfig({ ...process.env, MAP_TILE_URL: 'https://tile.example.org/{z}/{x}/{y}.png' });
    const tiled = await buildApp({ config: tiles, stores, logger: false, placesAlias: alias, events: { enabled: false } });
    try {
      const res = await tiled.inject({ method: 'GET', url: '/lesswaste', headers: { accept: 'text/html' } });
      assert.match(String(res.headers['content-security-policy']), /img-src 'self' data: https:\/\/tile\.example\.org;/);
      assert.match(res.body, /data-tile-url="https:\/\/tile\.example\.org\/\{z\}\/\{x\}\/\{y\}\.png"/);
    } finally {
      await tiled.close();
    }
  });

  it('works without script: the form’s query (radius, kinds) narrows the list', async () => {
    const res = await app.inject({ method: 'GET', url: '/lesswaste?radiusKm=20&kind=recycling_machine', headers: { accept: 'text/html' } });
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /반경 20km 안에 \d+곳/);
    assert.doesNotMatch(res.body, /class="kind kind-refill_shop">리필숍<\/span> ·/);
    assert.match(res.body, /class="kind kind-recycling_machine">재활용 수거기<\/span> ·/);
  });

  it('shows the default search with the reason when the query is out of bounds', async () => {
    const res = await app.inject({ method: 'GET', url: '/lesswaste?radiusKm=99', headers: { accept: 'text/html' } });
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /반경은 1~20km 사이로 골라 주세요/);
    assert.match(res.body, /반경 5km 안에 \d+곳/);
  });
});

describe('with OpenSearch down (a cut proxy; the shared server keeps running)', () => {
  it('the page still renders with a clear message, the API answers 503, and both recover', async () => {
    await proxy.cut();
    try {
      const page = await downApp.inject({ method: 'GET', url: '/lesswaste', headers: { accept: 'text/html' } });
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /지금은 장소 정보를 불러올 수 없어요/);
      assert.match(page.body, /data-map/);
      const res = await api(downApp, 'lat=37.5663&lng=126.9779&radiusKm=5');
      assert.equal(res.statusCode, 503);
      assert.equal(res.json<{ code: string }>().code, 'ServiceUnavailable');
    } finally {
      await proxy.restore();
    }
    const again = await api(downApp, 'lat=37.5663&lng=126.9779&radiusKm=5');
    assert.equal(again.statusCode, 200);
  });
});

describe('places held in memory (the web tier keeps the alias’s index in a k-d tree)', () => {
  it('answers exactly what OpenSearch answers, and keeps answering while OpenSearch is away', async () => {
    // A seeded walk over Seoul: points, radii 1–20 km, a kind in a third of the searches.
    const random = randomStream(7);
    const kinds = ['refill_shop', 'zero_waste_shop', 'recycling_machine'];
    const queries = Array.from({ length: 40 }, () => {
      const kind = random() < 1 / 3 ? `&kind=${kinds[Math.floor(random() * kinds.length)]}` : '';
      return `lat=${(37.45 + random() * 0.25).toFixed(5)}&lng=${(126.8 + random() * 0.35).toFixed(5)}&radiusKm=${1 + Math.floor(random() * 20)}${kind}`;
    });
    const fromOpenSearch = await Promise.all(queries.map(async (q) => (await api(directApp, q)).json<PlacesReplyOutput>()));
    assert.ok(fromOpenSearch.some((r) => r.total > 0) && fromOpenSearch.some((r) => r.total < 5), 'the walk meets full and empty circles');
    await proxy.cut();
    try {
      for (const [i, q] of queries.entries()) {
        const res = await api(heldApp, q);
        assert.equal(res.statusCode, 200, `${q} with OpenSearch away`);
        const held = res.json<PlacesReplyOutput>();
        const expected = fromOpenSearch[i];
        assert.equal(held.total, expected?.total, `${q}: total`);
        assert.deepEqual(held.places.map((p) => p.id), expected?.places.map((p) => p.id), `${q}: places in order`);
        held.places.forEach((p, j) => assert.ok(Math.abs(p.distanceM - (expected?.places[j]?.distanceM ?? NaN)) <= 1, `${q}: ${p.name} at ${p.distanceM} m`));
      }
    } finally {
      await proxy.restore();
    }
  });
});
