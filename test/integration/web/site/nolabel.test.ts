import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { seoulDate } from '../../../../domain/age-band';
import type { CleanProduct } from '../../../../activities/products/clean-product';
import { bulkIndexDocs } from '../../../../activities/search/bulk-index';
import { hangulFieldsOf } from '../../../../activities/products/transform/hangul-fields';
import { SEARCH, searchRankKey } from '../../../../infra/contracts';
import type { ProductCardOutput, SearchReplyOutput, SuggestReplyOutput } from '../../../../web/site/schemas/products';
import { createFixtureIndex, fixtureProducts } from '../../../support/search-fixture';
import { TEST_REDIS_DATABASES, uniqueSuffix, useRedisDatabase, useStores } from '../../../support/stores';
import { Browser, testApp, watchEvents, type EventWatch } from '../../../support/web';

const index = `${SEARCH.productsIndexPrefix}page-${uniqueSuffix()}`;
const products = fixtureProducts();
const sample = products.find((p) => p.brand === '제주삼다수' && p.volumeMl === 2000) as CleanProduct;
/** A stored product whose link is not a web address: a click must not go there. */
const extra = (id: string, title: string, changes: Partial<CleanProduct>): CleanProduct => ({ ...sample, id, key: `${id}|1|1`, title, category: '기타', volumeMl: 1234, ...hangulFieldsOf(title), ...changes });
const badLink = extra('badbadbadbad-zz', '위험한 링크 테스트 1234ml', { link: 'javascript:alert(1)' });
let imageServer: http.Server;
/** A product whose image the test's own server serves. */
let withImage: CleanProduct;

// Registered before useStores, so it runs while the stores are open.
after(async () => {
  await stores.search.client.indices.delete({ index }, { ignore: [404] });
});
const { stores, config } = useStores();
const ranks = useRedisDatabase(config, TEST_REDIS_DATABASES.nolabelRanks);
const popularKey = searchRankKey(seoulDate(new Date()), { kind: 'all' });

let app: FastifyInstance;
let watch: EventWatch;

async function api<T>(url: string, browser = new Browser(app)): Promise<{ status: number; body: T }> {
  const res = await browser.fetch(url);
  return { status: res.statusCode, body: res.json<T>() };
}

describe('the /nolabel page and the product API (real OpenSearch, Redis, Kafka)', () => {
  before(async () => {
    imageServer = http.createServer((req, res) => {
      if (req.url === '/bottle.svg') res.writeHead(200, { 'content-type': 'image/svg+xml' }).end('<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"><rect width="4" height="4"/></svg>');
      else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => imageServer.listen(0, '127.0.0.1', resolve));
    const port = (imageServer.address() as AddressInfo).port;
    withImage = extra('abcabcabcabc-zz', '이미지 테스트 1234ml', { imageUrl: `http://127.0.0.1:${port}/bottle.svg` });
    await createFixtureIndex(stores.search.client, index, products);
    await bulkIndexDocs(stores.search.client, index, [badLink, withImage]);
    await stores.search.client.indices.refresh({ index });
    await ranks.redis.del(popularKey);
    await ranks.redis.zadd(popularKey, 9, '무라벨 생수', 5, '탄산수', 3, '<b>굵게</b>');
    watch = await watchEvents(stores.kafka.kafka);
    ({ app } = await testApp({ ...stores, redis: ranks }, {}, { productsIndex: index }));
  });
  after(async () => {
    await app?.close();
    await watch?.stop();
    await ranks.redis.del(popularKey);
    await new Promise((resolve) => imageServer.close(resolve));
  });

  it('shows the search box and today’s popular words (escaped) when nothing is searched', async () => {
    const res = await new Browser(app).get('/nolabel');
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /<form class="search-form" method="get" action="\/nolabel" role="search">/);
    assert.match(res.body, /오늘 많이 찾은 검색어/);
    const words = [...res.body.matchAll(/<span class="rank-no">\d+<\/span> ([^<]*)<\/a>/g)].map((m) => m[1]);
    assert.deepEqual(words, ['무라벨 생수', '탄산수', '&lt;b&gt;굵게&lt;/b&gt;']);
    assert.match(res.body, /href="\/nolabel\?q=%EB%AC%B4%EB%9D%BC%EB%B2%A8%20%EC%83%9D%EC%88%98"/);
    assert.doesNotMatch(res.body, /준비 중이에요/);
  });

  it('finds "무라벨 생수 2l" as 2 L water cards, keeps the query in the form and publishes the search once', async () => {
    const browser = new Browser(app);
    const res = await browser.get(`/nolabel?q=${encodeURIComponent('무라벨 생수 2l')}`);
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /name="q" value="무라벨 생수 2l"/);
    const cards = [...res.body.matchAll(/<li class="product-card[^"]*" data-product-id="([^"]+)">/g)].map((m) => m[1]);
    assert.ok(cards.length > 5 && cards.length <= 30, `${cards.length} cards`);
    for (const id of cards) {
      const p = products.find((x) => x.id === id);
      assert.equal(p?.volumeMl, 2000, `${id} is not 2 L`);
      assert.equal(p?.category, '생수');
    }
    assert.match(res.body, /<span class="product-size">2L × (6|12)개<\/span>/);
    assert.match(res.body, /100ml당 <strong>[\d.,]+원<\/strong>/);
    assert.match(res.body, /href="\/nolabel\/click\/[0-9a-f]{12}-[a-z0-9]+"/);
    assert.doesNotMatch(res.body, /src="http/, 'no image is hot-linked from a shop');
    const [event] = await watch.waitFor((e) => e.type === 'search' && e.sessionId === browser.sid);
    const total = Number(/검색 결과 ([\d,]+)개/.exec(res.body)?.[1]?.replace(/,/g, ''));
    assert.equal(total, products.filter((p) => p.category === '생수' && p.volumeMl === 2000).length);
    assert.deepEqual(event?.data, { word: '무라벨 생수 2l', results: total });
    // The same search re-sorted is the same search.
    await browser.get(`/nolabel?q=${encodeURIComponent('무라벨 생수 2l')}&sort=unit_price`);
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(watch.seen((e) => e.type === 'search' && e.sessionId === browser.sid).length, 1);
  });

  it('sorts by price per 100 ml or by volume, and filters by category, volume band and carbonation', async () => {
    const byPrice = await api<SearchReplyOutput>(`/api/products/search?q=${encodeURIComponent('생수')}&sort=unit_price`);
    const prices = byPrice.body.items.map((c) => c.pricePer100ml);
    assert.deepEqual(prices, [...prices].sort((a, b) => a - b));
    const byVolume = await api<SearchReplyOutput>(`/api/products/search?q=${encodeURIComponent('물')}&sort=volume`);
    const volumes = byVolume.body.items.map((c) => c.volumeMl);
    assert.deepEqual(volumes, [...volumes].sort((a, b) => b - a));
    const sparkling = await api<SearchReplyOutput>(`/api/products/search?category=${encodeURIComponent('탄산수')}&volume=small`);
    assert.ok(sparkling.body.total > 0);
    assert.ok(sparkling.body.items.every((c) => c.category === '탄산수' && c.volumeMl <= 500));
    const still = await api<SearchReplyOutput>(`/api/products/search?q=${encodeURIComponent('제로')}&carbonated=no`);
    assert.equal(still.body.total, 0, 'every 제로 drink is carbonated');
    // What the page's form sends when no filter is chosen.
    const form = await new Browser(app).get(`/nolabel?q=${encodeURIComponent('생수')}&sort=relevance&category=&volume=&carbonated=`);
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /class="product-card/);
  });

  it('answers ㅅㄷㅅ with 삼다수, in search and autocomplete', async () => {
    const search = await api<SearchReplyOutput>(`/api/products/search?q=${encodeURIComponent('ㅅㄷㅅ')}&size=5`);
    assert.equal(search.status, 200);
    assert.equal(search.body.items.length, 5);
    assert.ok(search.body.items.every((c: ProductCardOutput) => c.brand === '제주삼다수'));
    const suggest = await api<SuggestReplyOutput>(`/api/products/suggest?q=${encodeURIComponent('ㅅㄷㅅ')}`);
    assert.ok(suggest.body.suggestions.length > 0);
    assert.ok(suggest.body.suggestions.every((s) => s.text.startsWith('제주삼다수')), JSON.stringify(suggest.body));
    const prefix = await api<SuggestReplyOutput>(`/api/products/suggest?q=${encodeURIComponent('트레')}`);
    assert.ok(prefix.body.suggestions.some((s) => s.text.startsWith('트레비')), JSON.stringify(prefix.body));
  });

  it('limits the API: q ≤ 100 characters, page size ≤ 30, known parameters only — with Korean messages', async () => {
    const long = await api<{ code: string; message: string }>(`/api/products/search?q=${'a'.repeat(101)}`);
    assert.equal(long.status, 400);
    assert.deepEqual(long.body, { code: 'ValidationFailed', message: '검색어는 100자까지 입력할 수 있어요.' });
    assert.equal((await api(`/api/products/search?q=a&size=31`)).status, 400);
    assert.equal((await api<SearchReplyOutput>(`/api/products/search?q=${encodeURIComponent('생수')}&size=30`)).body.items.length, 30);
    const unknown = await api<{ message: string }>(`/api/products/search?q=a&evil=1`);
    assert.equal(unknown.status, 400);
    assert.match(unknown.body.message, /알 수 없는 검색 조건/);
    assert.equal((await api(`/api/products/suggest?q=${'가'.repeat(101)}`)).status, 400);
  });

  it('answers a query of only punctuation or emoji clearly, without results or a search event', async () => {
    const browser = new Browser(app);
    for (const q of ['!!!', '🥤🥤🥤', '?!…']) {
      const page = await browser.get(`/nolabel?q=${encodeURIComponent(q)}`);
      assert.equal(page.statusCode, 200, q);
      assert.match(page.body, /검색할 수 있는 글자가 없어요/);
      assert.doesNotMatch(page.body, /class="product-card/);
      const json = await api<SearchReplyOutput>(`/api/products/search?q=${encodeURIComponent(q)}`);
      assert.equal(json.body.total, 0);
      assert.match(json.body.notice ?? '', /검색할 수 있는 글자가 없어요/);
    }
    await new Promise((r) => setTimeout(r, 1000));
    assert.equal(watch.seen((e) => e.type === 'search' && e.sessionId === browser.sid).length, 0);
  });

  it('answers a 10,000-character query with a clear 400, never a 500', async () => {
    const q = 'a'.repeat(10_000);
    const page = await new Browser(app).get(`/nolabel?q=${q}`);
    assert.equal(page.statusCode, 400);
    assert.match(page.body, /검색어는 100자까지 입력할 수 있어요/);
    assert.match(page.body, /오늘 많이 찾은 검색어/);
    const json = await api<{ code: string }>(`/api/products/search?q=${q}`);
    assert.equal(json.status, 400);
    assert.equal(json.body.code, 'ValidationFailed');
    const hangul = await new Browser(app).get(`/nolabel?q=${encodeURIComponent('가'.repeat(1000))}`);
    assert.equal(hangul.statusCode, 400);
  });

  it('escapes markup in the query wherever the page shows it', async () => {
    const q = '"><script>alert(1)</script><img src=x onerror=alert(2)>';
    const res = await new Browser(app).get(`/nolabel?q=${encodeURIComponent(q)}`);
    assert.ok(res.statusCode < 500);
    assert.doesNotMatch(res.body, /<script>alert\(1\)/);
    assert.doesNotMatch(res.body, /<img src=x/);
    assert.match(res.body, /value="&quot;&gt;&lt;script&gt;alert\(1\)&lt;\/script&gt;&lt;img src=x onerror=alert\(2\)&gt;"/);
    const json = await api<SearchReplyOutput>(`/api/products/search?q=${encodeURIComponent(q)}`);
    assert.equal(json.body.query.q, q, 'JSON carries the text as text');
  });

  it('logs a card click and redirects to that product’s stored shop link, whatever the request says', async () => {
    const browser = new Browser(app);
    await browser.get('/nolabel?q=%EC%83%9D%EC%88%98');
    const res = await browser.get(`/nolabel/click/${sample.id}?to=${encodeURIComponent('https://evil.example/')}&url=https://evil.example/`, { referer: 'http://localhost:80/nolabel?q=x' });
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, sample.link);
    assert.equal(res.headers['referrer-policy'], 'no-referrer');
    const [event] = await watch.waitFor((e) => e.type === 'product_click' && e.sessionId === browser.sid);
    assert.deepEqual(event?.data, { productId: sample.id, name: sample.title, volumeMl: 2000, unitPrice: sample.unitPrice });
    assert.equal(event?.page, '/nolabel');
  });

  it('refuses a click whose target is not a stored http(s) shop link: no open redirect', async () => {
    const browser = new Browser(app);
    const stored = await browser.get(`/nolabel/click/${badLink.id}`);
    assert.equal(stored.statusCode, 404, 'a stored javascript: link is not followed');
    assert.equal(stored.headers.location, undefined);
    assert.equal((await browser.get('/nolabel/click/ffffffffffff-zz')).statusCode, 404);
    for (const path of ['/nolabel/click/https%3A%2F%2Fevil.example', '/nolabel/click/%2F%2Fevil.example', '/nolabel/click/..%2F..%2Fevil']) {
      const res = await browser.get(path);
      assert.ok(res.statusCode === 400 || res.statusCode === 404, `${path}: ${res.statusCode}`);
      assert.equal(res.headers.location, undefined, path);
    }
    await new Promise((r) => setTimeout(r, 1000));
    assert.equal(watch.seen((e) => e.type === 'product_click' && e.sessionId === browser.sid).length, 0);
  });

  it('serves a product image from our origin (sandboxed), and the placeholder otherwise', async () => {
    const res = await app.inject({ method: 'GET', url: `/nolabel/image/${withImage.id}` });
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'image/svg+xml');
    assert.match(String(res.headers['content-security-policy']), /sandbox/);
    assert.match(res.body, /<svg/);
    const none = await app.inject({ method: 'GET', url: `/nolabel/image/${sample.id}` });
    assert.equal(none.statusCode, 302, 'the demo shops are not running here: the placeholder');
    assert.match(String(none.headers.location), /^\/static\/product-placeholder\.svg\?v=/);
  });
});
