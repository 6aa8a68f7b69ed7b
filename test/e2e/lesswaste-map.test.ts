/**
 * Browser test of the less-waste map in headless Chromium against the real server (Fastify on a spare
 * port, OpenSearch, Redis, Kafka): a visitor opens /lesswaste and sees the demo places on the map (markers
 * and clusters) and in the list; changes the radius with the keyboard and sees the list change; filters by
 * kind; opens a place's marker from the list; the browser's position is used when allowed; the page works on
 * a phone; tiles come from the configured tile server (a local one here) through the CSP; and with OpenSearch
 * cut off the page still renders and says so. Screenshots go to test-artifacts/lesswaste-*.png.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'puppeteer-core';
import sharp from 'sharp';
import { loadConfig } from '../../infra/config';
import { createSearchStore, type SearchStore } from '../../infra/search';
import { buildApp } from '../../web/app';
import { ARTIFACTS, launchChromium, listen, recordFailedLoads, recordScriptErrors, textOf } from '../support/browser';
import { demoPlaces, indexPlacesUnder, removePlacesIndexes } from '../support/places';
import { uniqueSuffix, useStores } from '../support/stores';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy';

const alias = `test-lesswaste-places-${uniqueSuffix()}`;
let app: FastifyInstance;
let tiledApp: FastifyInstance;
let downApp: FastifyInstance;
let base = '';
let tiledBase = '';
let downBase = '';
let browser: Browser;
let tiles: Server;
let tileRequests = 0;
let proxy: TcpProxy;
let downSearch: SearchStore;

// Registered before useStores, so it runs while the stores are open.
after(async () => {
  await browser?.close();
  await Promise.all([app?.close(), tiledApp?.close(), downApp?.close()]);
  await downSearch?.close();
  await proxy?.close();
  await new Promise((resolve) => (tiles ? tiles.close(resolve) : resolve(undefined)));
  await removePlacesIndexes(stores.search.client, alias);
});
const { config, stores } = useStores();

/** The few browser globals the checks use (the project compiles without the DOM library). */
interface ElementLike {
  readonly textContent: string | null;
  readonly value: string;
  getBoundingClientRect(): { top: number; bottom: number; width: number; height: number };
}
interface BrowserGlobals {
  readonly document: { querySelectorAll(selector: string): ArrayLike<ElementLike>; querySelector(selector: string): ElementLike | null; readonly documentElement: { readonly scrollWidth: number } };
  readonly innerWidth: number;
}

const count = (page: Page, selector: string): Promise<number> => page.evaluate((sel) => (globalThis as unknown as BrowserGlobals).document.querySelectorAll(sel).length, selector);
const listKinds = (page: Page): Promise<string[]> =>
  page.evaluate(() => Array.from((globalThis as unknown as BrowserGlobals).document.querySelectorAll('.place-list .place-meta .kind')).map((e) => e.textContent ?? ''));

/** Waits until the status line says `radiusKm` and the list has been redrawn for it. */
async function waitForSummary(page: Page, radiusKm: number): Promise<string> {
  await page.waitForFunction((r) => ((globalThis as unknown as BrowserGlobals).document.querySelector('[data-summary]')?.textContent ?? '').includes(`반경 ${r}km`), { timeout: 15_000 }, radiusKm);
  return textOf(page, '[data-summary]');
}

async function newPage(problems: string[], width = 1280, height = 900, mobile = false): Promise<Page> {
  const page = await browser.newPage();
  await page.setViewport({ width, height, isMobile: mobile, hasTouch: mobile, deviceScaleFactor: 1 });
  await page.emulateMediaFeatures([{ name: 'prefers-reduced-motion', value: 'reduce' }]);
  recordScriptErrors(page, problems);
  recordFailedLoads(page, problems);
  return page;
}

before(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  await indexPlacesUnder(stores.search.client, alias, await demoPlaces());
  app = await buildApp({ config, stores, logger: false, placesAlias: alias });
  base = await listen(app);
  // A local tile server (an OpenStreetMap-compatible URL template): every tile a pale square.
  const tile = await sharp({ create: { width: 256, height: 256, channels: 3, background: { r: 226, g: 236, b: 229 } } })
    .png()
    .toBuffer();
  tiles = createServer((req, res) => {
    tileRequests++;
    res.writeHead(/^\/\d+\/\d+\/\d+\.png$/.test(req.url ?? '') ? 200 : 404, { 'content-type': 'image/png', 'cross-origin-resource-policy': 'cross-origin' }).end(tile);
  });
  await new Promise<void>((resolve) => tiles.listen(0, '127.0.0.1', resolve));
  const tileUrl = `http://127.0.0.1:${(tiles.address() as AddressInfo).port}/{z}/{x}/{y}.png`;
  tiledApp = await buildApp({ config: loadConfig({ ...process.env, MAP_TILE_URL: tileUrl, MAP_TILE_ATTRIBUTION: '시험용 타일' }), stores, logger: false, placesAlias: alias, events: { enabled: false } });
  tiledBase = await listen(tiledApp);
  const search = new URL(config.search.url);
  proxy = await startTcpProxy(search.hostname, Number(search.port));
  // No places held in memory: every search asks OpenSearch, so cutting it shows the page without places (with
  // places held, the map keeps answering: test/integration/web/site/places.test.ts).
  const downConfig = loadConfig({ ...process.env, OPENSEARCH_URL: `http://127.0.0.1:${proxy.port}`, PLACES_MEMORY_MAX: '0' });
  downSearch = createSearchStore(downConfig);
  downApp = await buildApp({ config: downConfig, stores: { ...stores, search: downSearch }, logger: false, placesAlias: alias, events: { enabled: false } });
  downBase = await listen(downApp);
  browser = await launchChromium();
});

describe('the less-waste map in a browser', { timeout: 180_000 }, () => {
  it('shows places on the map and in the list, and a wider radius (set with the keyboard) lists more', async () => {
    const problems: string[] = [];
    const page = await newPage(problems);
    await page.goto(`${base}/lesswaste`, { waitUntil: 'load' });
    await page.waitForSelector('.leaflet-marker-icon', { timeout: 15_000 });
    assert.equal(await textOf(page, 'h1'), '리필숍 지도');
    const first = await waitForSummary(page, 5);
    const shown = await count(page, '.place-list .place-item');
    assert.ok(shown >= 5, `${shown} places listed`);
    assert.ok((await count(page, '.place-pin')) + (await count(page, '.marker-cluster')) >= 3, 'no markers or clusters on the map');
    assert.equal(await count(page, '.place-map.no-tiles'), 1, 'without MAP_TILE_URL the map is a plain background');
    await page.screenshot({ path: join(ARTIFACTS, 'lesswaste-desktop-5km.png') });

    // Keyboard: the slider's End key goes to 20 km.
    await page.focus('#place-radius');
    await page.keyboard.press('End');
    const wide = await waitForSummary(page, 20);
    const wider = await count(page, '.place-list .place-item');
    assert.ok(wider > shown + 20, `5 km: ${shown} (${first}), 20 km: ${wider} (${wide})`);
    assert.equal(await textOf(page, '[data-radius-value]'), '20');
    await page.screenshot({ path: join(ARTIFACTS, 'lesswaste-desktop-20km.png') });

    await page.keyboard.press('Home');
    await waitForSummary(page, 1);
    assert.ok((await count(page, '.place-list .place-item')) < shown, 'the 1 km list is not shorter than the 5 km one');

    // Kinds: only recycling machines.
    await page.keyboard.press('End');
    await waitForSummary(page, 20);
    await page.click('input[name="kind"][value="refill_shop"]');
    await page.click('input[name="kind"][value="zero_waste_shop"]');
    await page.waitForFunction(() => Array.from((globalThis as unknown as BrowserGlobals).document.querySelectorAll('.place-list .place-meta .kind')).every((e) => e.textContent === '재활용 수거기'), { timeout: 15_000 });
    assert.ok((await listKinds(page)).length > 10);

    // From the list to the map: "지도에서 보기" by keyboard opens the marker's popup.
    await page.focus('.place-list .place-show');
    await page.keyboard.press('Enter');
    await page.waitForSelector('.leaflet-popup .place-popup', { timeout: 15_000 });
    assert.match(await textOf(page, '.leaflet-popup .place-popup strong'), /회수기/);
    await page.screenshot({ path: join(ARTIFACTS, 'lesswaste-desktop-popup.png') });
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('uses the browser’s position when the visitor allowed it', async () => {
    const problems: string[] = [];
    const context = await browser.createBrowserContext();
    await context.overridePermissions(base, ['geolocation']);
    const page = await context.newPage();
    recordScriptErrors(page, problems);
    await page.setViewport({ width: 1280, height: 900 });
    await page.setGeolocation({ latitude: 37.5447, longitude: 127.0558 }); // Seongsu
    await page.goto(`${base}/lesswaste`, { waitUntil: 'load' });
    await page.waitForFunction(() => ((globalThis as unknown as BrowserGlobals).document.querySelector('[data-position]')?.textContent ?? '').includes('내 위치'), { timeout: 15_000 });
    await page.waitForFunction(() => ((globalThis as unknown as BrowserGlobals).document.querySelector('.place-list .place-address')?.textContent ?? '').includes('성동구'), { timeout: 15_000 });
    assert.deepEqual(problems, []);
    await context.close();
  });

  it('works on a phone: map above the list, nothing wider than the screen', async () => {
    const problems: string[] = [];
    const page = await newPage(problems, 390, 844, true);
    await page.goto(`${base}/lesswaste`, { waitUntil: 'load' });
    await page.waitForSelector('.leaflet-marker-icon', { timeout: 15_000 });
    const layout = await page.evaluate(() => {
      const g = globalThis as unknown as BrowserGlobals;
      const map = g.document.querySelector('[data-map]')?.getBoundingClientRect();
      const list = g.document.querySelector('.place-results')?.getBoundingClientRect();
      return { mapBottom: map?.bottom ?? 0, mapWidth: map?.width ?? 0, listTop: list?.top ?? 0, scrollWidth: g.document.documentElement.scrollWidth, innerWidth: g.innerWidth };
    });
    assert.ok(layout.listTop >= layout.mapBottom, JSON.stringify(layout));
    assert.ok(layout.mapWidth > 300, JSON.stringify(layout));
    assert.ok(layout.scrollWidth <= layout.innerWidth, JSON.stringify(layout));
    await page.screenshot({ path: join(ARTIFACTS, 'lesswaste-phone.png'), fullPage: true });
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('loads tiles from the configured tile server, allowed by the CSP', async () => {
    const problems: string[] = [];
    const page = await newPage(problems);
    const before = tileRequests;
    await page.goto(`${tiledBase}/lesswaste`, { waitUntil: 'load' });
    await page.waitForSelector('img.leaflet-tile-loaded', { timeout: 15_000 });
    assert.ok(tileRequests > before);
    assert.match(await textOf(page, '.leaflet-control-attribution'), /시험용 타일/);
    await page.screenshot({ path: join(ARTIFACTS, 'lesswaste-tiles.png') });
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('with OpenSearch cut off, the page renders and says the places cannot be loaded', async () => {
    const problems: string[] = [];
    const page = await newPage(problems);
    await proxy.cut();
    try {
      await page.goto(`${downBase}/lesswaste`, { waitUntil: 'load' });
      await page.waitForSelector('.leaflet-container', { timeout: 15_000 });
      assert.match(await textOf(page, '[data-notice]'), /지금은 장소 정보를 불러올 수 없어요/);
      await page.screenshot({ path: join(ARTIFACTS, 'lesswaste-search-down.png') });
    } finally {
      await proxy.restore();
    }
    // The script's own retry answered 503 while the proxy was cut; nothing else failed.
    assert.deepEqual(
      problems.filter((p) => !p.startsWith('HTTP 503: ')),
      [],
    );
    await page.close();
  });
});
