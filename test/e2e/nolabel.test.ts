/**
 * Browser test of the /nolabel search in headless Chromium, against the real server (Fastify on a spare
 * loopback port; real OpenSearch with the fixture catalogue under the test prefix, Redis, Kafka) and the demo
 * shops (their own spare port): a shopper types "무라벨 생수 2l", "ㅅㄷㅅ" (autocomplete offers 삼다수),
 * "탄산수 제로" and "스파클링", sorts by price per 100 ml, clicks a card — the click is logged as
 * `product_click` and the browser lands on that product's page at the shop. The page also works with
 * JavaScript off. Screenshots go to test-artifacts/nolabel-*.png.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'puppeteer-core';
import type { CleanProduct } from '../../activities/products/clean-product';
import { SEARCH } from '../../infra/contracts';
import { startDemoShops, type DemoShopsServer } from '../../infra/demo-shops/server';
import { ARTIFACTS, launchChromium, listen, recordFailedLoads, recordScriptErrors, textOf } from '../support/browser';
import { createFixtureIndex, fixtureProducts } from '../support/search-fixture';
import { uniqueSuffix, useStores } from '../support/stores';
import { testApp, watchEvents, type EventWatch } from '../support/web';

const index = `${SEARCH.productsIndexPrefix}e2e-${uniqueSuffix()}`;

// Registered before useStores, so it runs while the stores are open.
after(async () => {
  await stores.search.client.indices.delete({ index }, { ignore: [404] });
});
const { stores } = useStores();

/** What a card shows, read from the page. */
interface CardText {
  readonly id: string;
  readonly title: string;
  readonly size: string;
  readonly per100ml: number;
}

/** The few browser globals the checks use (the project compiles without the DOM library). */
interface BrowserGlobals {
  readonly document: {
    querySelectorAll(selector: string): ArrayLike<{ getAttribute(name: string): string | null; querySelector(selector: string): { textContent: string | null } | null }>;
  };
}

function readCards(page: Page): Promise<CardText[]> {
  return page.evaluate(() =>
    Array.from((globalThis as unknown as BrowserGlobals).document.querySelectorAll('li.product-card')).map((li) => ({
      id: li.getAttribute('data-product-id') ?? '',
      title: li.querySelector('.product-title')?.textContent ?? '',
      size: li.querySelector('.product-size')?.textContent ?? '',
      per100ml: Number((li.querySelector('.product-unit strong')?.textContent ?? '').replace(/[^\d.]/g, '')),
    })),
  );
}

describe('the /nolabel search in a real browser', () => {
  let app: FastifyInstance;
  let base: string;
  let shops: DemoShopsServer;
  let chromium: Browser;
  let page: Page;
  let watch: EventWatch;
  let products: CleanProduct[];
  const problems: string[] = [];

  const shot = (name: string) => page.screenshot({ path: join(ARTIFACTS, `nolabel-${name}.png`), fullPage: true });

  /** Types `q` into the search box (as a person: key by key) and submits with Enter. */
  async function search(q: string): Promise<CardText[]> {
    await page.click('#search-q', { clickCount: 3 });
    await page.keyboard.press('Backspace');
    await page.type('#search-q', q, { delay: 30 });
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.keyboard.press('Enter')]);
    assert.equal(new URL(page.url()).searchParams.get('q'), q, 'the query is in the URL');
    return readCards(page);
  }

  before(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    shops = await startDemoShops({ failures: false });
    products = fixtureProducts(shops.url);
    await createFixtureIndex(stores.search.client, index, products);
    watch = await watchEvents(stores.kafka.kafka);
    ({ app } = await testApp(stores, {}, { productsIndex: index }));
    base = await listen(app);
    chromium = await launchChromium();
    page = await chromium.newPage();
    await page.setViewport({ width: 1100, height: 900 });
    recordScriptErrors(page, problems);
    recordFailedLoads(page, problems);
  });
  after(async () => {
    await chromium?.close();
    await app?.close();
    await watch?.stop();
    await shops?.close();
  });

  it('shows the search box and the popular words first', async () => {
    const res = await page.goto(`${base}/nolabel`, { waitUntil: 'load' });
    assert.equal(res?.status(), 200);
    assert.equal(await textOf(page, 'h1'), '라벨 없는 생수·음료, 단위 가격까지 비교해요');
    assert.match(await textOf(page, '.popular h2'), /오늘 많이 찾은 검색어/);
    await shot('empty');
  });

  it('"무라벨 생수 2l" shows 2 L water cards, and sorting by price per 100 ml orders them', async () => {
    const cards = await search('무라벨 생수 2l');
    assert.ok(cards.length >= 10 && cards.length <= 30, `${cards.length} cards`);
    for (const c of cards) assert.match(c.size, /^2L × \d+개$/, c.title);
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.select('select[name="sort"]', 'unit_price')]);
    assert.equal(new URL(page.url()).searchParams.get('sort'), 'unit_price');
    const sorted = await readCards(page);
    const prices = sorted.map((c) => c.per100ml);
    assert.deepEqual(prices, [...prices].sort((a, b) => a - b));
    await shot('water-2l-by-price');
  });

  it('"ㅅㄷㅅ" is completed to 삼다수 as it is typed, and finds 삼다수', async () => {
    await page.goto(`${base}/nolabel`, { waitUntil: 'load' });
    await page.type('#search-q', 'ㅅㄷㅅ', { delay: 60 });
    await page.waitForSelector('#search-suggestions li', { visible: true, timeout: 5000 });
    const suggestion = await textOf(page, '#search-suggestions li');
    assert.match(suggestion, /^제주삼다수/);
    await shot('autocomplete');
    const cards = await search('ㅅㄷㅅ');
    assert.ok(cards.length > 0);
    for (const c of cards.slice(0, 10)) assert.match(c.title, /제주삼다수/);
  });

  it('"탄산수 제로" puts the zero-sugar sparkling drinks first; "스파클링" finds sparkling water', async () => {
    const zero = await search('탄산수 제로');
    assert.match(zero[0]?.title ?? '', /제로/);
    await shot('sparkling-zero');
    const sparkling = await search('스파클링');
    assert.ok(sparkling.length >= 10);
    for (const c of sparkling.slice(0, 10)) {
      const product = products.find((p) => p.id === c.id);
      assert.equal(product?.category, '탄산수', c.title);
    }
    await shot('sparkling');
  });

  it('a card click is logged as product_click and opens that product’s page at the shop', async () => {
    const [first] = await readCards(page);
    assert.ok(first);
    const product = products.find((p) => p.id === first.id);
    assert.ok(product);
    const [res] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click(`li.product-card[data-product-id="${first.id}"] a`)]);
    assert.equal(res?.status(), 200);
    assert.equal(page.url(), product.link);
    assert.equal(await textOf(page, 'h1'), (shops.catalogue.get(product.shop) ?? []).find((l) => product.link.endsWith(`/${encodeURIComponent(l.itemId)}`))?.title);
    const [event] = await watch.waitFor((e) => e.type === 'product_click' && e.type === 'product_click' && e.data.productId === product.id);
    assert.deepEqual(event?.data, { productId: product.id, name: product.title, volumeMl: product.volumeMl, unitPrice: product.unitPrice });
    assert.equal(event?.page, '/nolabel');
    await shot('shop-page');
  });

  it('logged the searches with their result counts', async () => {
    const searches = await watch.waitFor((e) => e.type === 'search', 4);
    const words = searches.map((e) => (e.type === 'search' ? e.data.word : ''));
    for (const w of ['무라벨 생수 2l', 'ㅅㄷㅅ', '탄산수 제로', '스파클링']) assert.ok(words.includes(w), `${w} not in ${words.join(', ')}`);
  });

  it('works without JavaScript: the form searches and the cards link through the click route', async () => {
    const plain = await chromium.newPage();
    await plain.setJavaScriptEnabled(false);
    await plain.goto(`${base}/nolabel`, { waitUntil: 'load' });
    await plain.type('#search-q', '스파클링 레몬');
    await Promise.all([plain.waitForNavigation({ waitUntil: 'load' }), plain.click('.search-box button[type="submit"]')]);
    const cards = await readCards(plain);
    assert.ok(cards.length > 0);
    assert.match(cards[0]?.title ?? '', /레몬/);
    await plain.screenshot({ path: join(ARTIFACTS, 'nolabel-no-js.png'), fullPage: true });
    await plain.close();
  });

  it('had no script errors and no failed loads on our pages', () => {
    // The demo shop's page asks for a favicon it does not have: its own business.
    assert.deepEqual(problems.filter((p) => !p.includes(shops.url)), []);
  });
});
