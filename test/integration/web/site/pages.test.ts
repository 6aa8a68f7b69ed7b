import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { grantPoints } from '../../../../activities/ecopoints/ledger';
import { cacheMemberSummary, cachedMemberSummary, STALE_FACTOR, summaryKey } from '../../../../activities/ecopoints/summary-cache';
import { ageBandOf, seoulDate } from '../../../../domain/age-band';
import { MENUS } from '../../../../domain/events';
import { searchRankKey } from '../../../../infra/contracts';
import { TEST_REDIS_DATABASES, useRedisDatabase, useStores } from '../../../support/stores';
import { Browser, removeTestUsers, signupFields, testApp, testUserId, watchEvents, type EventWatch } from '../../../support/web';

const { config, stores } = useStores();
/** Search ranks for the empty-state test: a Redis database the aggregator does not write. */
const RANKS_DB = TEST_REDIS_DATABASES.mypageRanks;
const ranksRedis = useRedisDatabase(config, RANKS_DB);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let app: FastifyInstance;
let watch: EventWatch;

async function member(overrides: Record<string, string> = {}, on: FastifyInstance = app): Promise<{ userId: string; browser: Browser }> {
  const userId = testUserId('p');
  const browser = new Browser(on);
  await browser.signup(signupFields(userId, overrides));
  assert.equal((await browser.login(userId)).statusCode, 303);
  return { userId, browser };
}

describe('service pages (real Redis, FerretDB, Kafka)', () => {
  before(async () => {
    watch = await watchEvents(stores.kafka.kafka);
    ({ app } = await testApp(stores, { BROWSER_CLOSED_GRACE_S: '1' }));
  });
  after(async () => {
    await app.close();
    await watch.stop();
    await removeTestUsers(stores);
  });

  it('shows the main page with its four cards and the menu', async () => {
    const res = await new Browser(app).get('/');
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /text\/html; charset=utf-8/);
    for (const tag of ['About', 'Eco Point', 'No Label', 'Less Waste']) assert.match(res.body, new RegExp(`<p class="card-tag">${tag}</p>`));
    for (const menu of MENUS) assert.match(res.body, new RegExp(`href="/menu/${menu}"`));
    assert.match(res.body, /<html lang="ko">/);
    assert.match(res.body, /name="viewport"/);
  });

  it('explains the rules and lists grades 0 … 10 from 14.5 °C to 13.5 °C on the about page', async () => {
    const res = await new Browser(app).get('/about');
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /1개당 10포인트/);
    assert.match(res.body, /10~50포인트/);
    assert.match(res.body, /하루 2번/);
    assert.match(res.body, /100점마다 1등급/);
    assert.match(res.body, /<th scope="row">0등급<\/th><td>0 ~ 99P<\/td><td>14\.5 °C<\/td>/);
    assert.match(res.body, /<th scope="row">10등급<\/th><td>1,000P 이상<\/td><td>13\.5 °C<\/td>/);
  });

  it('serves every menu page (none is "준비 중" any more); eco point pages ask for a login first', async () => {
    const browser = new Browser(app);
    for (const path of ['/nolabel', '/lesswaste']) {
      const res = await browser.get(path);
      assert.equal(res.statusCode, 200);
      assert.doesNotMatch(res.body, /준비 중이에요/);
    }
    assert.equal((await browser.get('/ecopoint/2')).headers.location, '/login?next=%2Fecopoint%2F2');
    const { browser: memberBrowser } = await member();
    const eco = await memberBrowser.get('/ecopoint/1');
    assert.equal(eco.statusCode, 200);
    assert.match(eco.body, /id="ecopoint-form"/);
  });

  it('answers unknown paths with a Korean 404 page, and JSON under /api', async () => {
    const page = await new Browser(app).get('/no/such/page');
    assert.equal(page.statusCode, 404);
    assert.match(page.body, /페이지를 찾을 수 없어요/);
    const api = await app.inject({ method: 'GET', url: '/api/nothing' });
    assert.equal(api.statusCode, 404);
    assert.deepEqual(Object.keys(api.json<object>()).sort(), ['code', 'message']);
  });

  it('serves the static scripts, Chart.js included, with long caching', async () => {
    const home = await new Browser(app).get('/');
    const beacon = /src="(\/static\/site\.js\?v=[0-9a-f]+)"/.exec(home.body)?.[1];
    assert.ok(beacon);
    const res = await app.inject({ method: 'GET', url: beacon });
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /text\/javascript/);
    assert.match(String(res.headers['cache-control']), /immutable/);
    assert.equal(res.headers['set-cookie'], undefined, 'static files never create sessions');
    const chart = await app.inject({ method: 'GET', url: '/static/chart.umd.min.js' });
    assert.equal(chart.statusCode, 200);
    assert.match(chart.body, /Chart/);
    assert.equal((await app.inject({ method: 'GET', url: '/static/..%2Fapp.ts' })).statusCode, 400);
  });

  describe('mypage', () => {
    it('shows grade, temperature, total points and the monthly chart data, new grants at once', async () => {
      const { userId, browser } = await member();
      // The login's redirect showed mypage, so its summary is cached: a grant with the Redis client drops it.
      assert.equal(await stores.redis.redis.exists(summaryKey(userId)), 1);
      await grantPoints(stores.mongo.db, { userId, service: 1, points: 230, reason: 'pet_bottles' }, { redis: stores.redis.redis });
      await grantPoints(stores.mongo.db, { userId, service: 2, points: 40, reason: 'receipt_nolabel' }, { redis: stores.redis.redis });
      const res = await browser.get('/mypage');
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /<span class="big">2<\/span>등급/);
      assert.match(res.body, /14\.3 °C/);
      assert.match(res.body, /270P/);
      assert.match(res.body, /다음 등급까지 30P/);
      const mine = /data-mine="([^"]+)"/.exec(res.body)?.[1]?.replace(/&quot;/g, '"');
      assert.deepEqual(JSON.parse(mine!), [0, 0, 0, 270]);
      assert.match(res.body, /data-average="\[[^"]+\]"/);
      assert.match(res.body, /src="\/static\/chart\.umd\.min\.js\?v=/);
    });

    it('serves the cached summary until a grant or a profile change drops it (the TTL bounds the rest)', async () => {
      const { userId, browser } = await member();
      assert.match((await browser.get('/mypage')).body, /<span class="big">0P<\/span>/);
      // A grant that does not name the Redis client leaves the cached summary: mypage catches up within its TTL.
      await grantPoints(stores.mongo.db, { userId, service: 1, points: 120, reason: 'pet_bottles' });
      assert.match((await browser.get('/mypage')).body, /<span class="big">0P<\/span>/);
      // A profile change drops it: the new name and the points granted meanwhile show at once.
      const saved = await browser.postForm('/mypage/profile', { name: '이바다', email: `${userId}@example.com`, phone: '010-1234-5678', region: 'busan' });
      assert.equal(saved.statusCode, 303);
      const res = await browser.get('/mypage');
      assert.match(res.body, /이바다님, 반가워요/);
      assert.match(res.body, /<span class="big">120P<\/span>/);
      assert.ok((await stores.redis.redis.ttl(summaryKey(userId))) <= config.web.mypageCacheTtlS * STALE_FACTOR);
    });

    it('shows an old summary at once and computes a new one in the background for the next request', async () => {
      const { userId, browser } = await member();
      await grantPoints(stores.mongo.db, { userId, service: 1, points: 70, reason: 'pet_bottles' }, { redis: stores.redis.redis });
      assert.match((await browser.get('/mypage')).body, /<span class="big">70P<\/span>/);
      // Age the cached copy past its TTL and make it say something else: it is what the next page shows.
      const cached = await cachedMemberSummary(stores.redis.redis, userId);
      assert.ok(cached);
      const old = { ...cached, totalPoints: 5, computedAt: new Date(Date.now() - 2 * config.web.mypageCacheTtlS * 1000).toISOString() };
      await cacheMemberSummary(stores.redis.redis, old, config.web.mypageCacheTtlS);
      assert.match((await browser.get('/mypage')).body, /<span class="big">5P<\/span>/);
      let body = '';
      for (let i = 0; i < 40 && !/<span class="big">70P<\/span>/.test(body); i++) {
        await sleep(50);
        body = (await browser.get('/mypage')).body;
      }
      assert.match(body, /<span class="big">70P<\/span>/, 'the background computation replaced the old copy');
    });

    it('shows an empty state while today’s search ranks are empty, then the top 5 for gender × age band', async () => {
      // The shared Redis has live ranks for every band, so this app reads (and keeps sessions in) a database of
      // its own where today's ranks are empty until the test writes them.
      const { app: isolated } = await testApp({ ...stores, redis: ranksRedis });
      const band = ageBandOf('1950-06-01');
      const today = seoulDate(new Date());
      const keys = [
        searchRankKey(today, { kind: 'gender_age', gender: 'M', ageBand: band }),
        searchRankKey(today, { kind: 'gender', gender: 'M' }),
        searchRankKey(today, { kind: 'age', ageBand: band }),
      ];
      const key = keys[0]!;
      const words = Array.from({ length: 6 }, (_, i) => `테스트단어${testUserId('w')}_${i}`);
      try {
        const { browser } = await member({ gender: 'M', birthDate: '1950-06-01' }, isolated);
        assert.equal(await ranksRedis.redis.exists(...keys), 0, `Redis database ${RANKS_DB} already holds today's ranks (${keys.join(', ')}): is another run of this test writing them?`);
        const empty = await browser.get('/mypage');
        assert.equal(empty.statusCode, 200);
        assert.match(empty.body, /<p class="empty empty-box">아직 오늘의 검색 기록이 없어요/);
        assert.doesNotMatch(empty.body, /class="rank-word"/);

        for (const [i, w] of words.entries()) await ranksRedis.redis.zadd(key, 1 + i, w);
        const res = await browser.get('/mypage');
        assert.match(res.body, /남성 60대 이상/);
        const shown = [...res.body.matchAll(/<span class="rank-word">([^<]+)<\/span>/g)].map((m) => m[1]);
        assert.deepEqual(shown, words.slice(1).reverse(), 'the top 5, best first; the other two rankings stay empty');
      } finally {
        await ranksRedis.redis.zrem(key, ...words);
        await isolated.close();
      }
    });
  });

  describe('events', () => {
    it('logs a menu click with the member dimensions, then lands on the menu page', async () => {
      const { userId, browser } = await member({ gender: 'W', birthDate: '1985-12-24', region: 'incheon' });
      await browser.get('/about');
      const res = await browser.get('/menu/nolabel', { referer: 'http://localhost:80/about' });
      assert.equal(res.statusCode, 303);
      assert.equal(res.headers.location, '/nolabel');
      const [event] = await watch.waitFor((e) => e.type === 'menu_click' && e.user.userId === userId);
      assert.deepEqual(event!.data, { menu: 'nolabel' });
      assert.equal(event!.page, '/about');
      assert.deepEqual(event!.user, { userId, gender: 'W', ageBand: ageBandOf('1985-12-24'), region: 'incheon' });
      assert.equal(event!.sessionId, browser.sid);
    });

    it('logs an anonymous menu click with null dimensions and a session id', async () => {
      const browser = new Browser(app);
      await browser.get('/');
      await browser.get('/menu/ecopoint1');
      const [event] = await watch.waitFor((e) => e.type === 'menu_click' && e.sessionId === browser.sid);
      assert.deepEqual(event!.user, { userId: null, gender: null, ageBand: null, region: null });
      assert.deepEqual(event!.data, { menu: 'ecopoint1' });
    });

    it('logs a page_view for each page rendered', async () => {
      const browser = new Browser(app);
      await browser.get('/');
      await browser.get('/about');
      const views = await watch.waitFor((e) => e.type === 'page_view' && e.sessionId === browser.sid, 2);
      assert.deepEqual(views.map((e) => e.page).sort(), ['/', '/about']);
    });

    it('accepts page_leave beacons sent as text/plain with the token in the body', async () => {
      const browser = new Browser(app);
      await browser.get('/about');
      const res = await app.inject({
        method: 'POST',
        url: '/api/events',
        headers: { cookie: `ciao_sid=${browser.sid}`, 'content-type': 'text/plain;charset=UTF-8', origin: 'http://localhost:80', 'sec-fetch-site': 'same-origin' },
        payload: JSON.stringify({ _csrf: browser.csrf, events: [{ type: 'page_leave', page: '/about', data: { dwellMs: 4200 } }] }),
      });
      assert.equal(res.statusCode, 202, res.body);
      const [event] = await watch.waitFor((e) => e.type === 'page_leave' && e.sessionId === browser.sid);
      assert.deepEqual(event!.data, { dwellMs: 4200 });
      assert.equal(event!.page, '/about');
    });

    it('refuses beacons of server-side types, bad data, or without the token', async () => {
      const browser = new Browser(app);
      await browser.get('/');
      const post = (body: unknown) => browser.postJson('/api/events', body);
      assert.equal((await post({ _csrf: browser.csrf, events: [{ type: 'login', page: '/', data: {} }] })).statusCode, 400);
      assert.equal((await post({ _csrf: browser.csrf, events: [{ type: 'page_leave', page: '/', data: { dwellMs: -5 } }] })).statusCode, 400);
      assert.equal((await post({ _csrf: browser.csrf, events: [{ type: 'logout', page: '/', data: { method: 'button' } }] })).statusCode, 400);
      const noToken = await app.inject({ method: 'POST', url: '/api/events', headers: { cookie: `ciao_sid=${browser.sid}`, 'content-type': 'text/plain' }, payload: JSON.stringify({ events: [{ type: 'page_leave', page: '/', data: { dwellMs: 1 } }] }) });
      assert.equal(noToken.statusCode, 403);
    });

    it('reports browser_closed after the grace period when the member does not come back', async () => {
      const { userId, browser } = await member({ gender: 'M', birthDate: '1979-03-03', region: 'sejong' });
      const res = await browser.postJson('/api/events', { _csrf: browser.csrf, events: [{ type: 'page_leave', page: '/mypage', data: { dwellMs: 800 } }, { type: 'logout', page: '/mypage', data: { method: 'browser_closed' } }] });
      assert.equal(res.statusCode, 202);
      const [event] = await watch.waitFor((e) => e.type === 'logout' && e.user.userId === userId, 1, 15_000);
      assert.deepEqual(event!.data, { method: 'browser_closed' });
      assert.deepEqual(event!.user, { userId, gender: 'M', ageBand: ageBandOf('1979-03-03'), region: 'sejong' });
      assert.equal(await stores.redis.redis.exists(`session-owner:${browser.sid}`), 0, 'its expiry will not be reported again');
    });

    it('reports nothing when the member makes another request within the grace period (back, reload)', async () => {
      const { userId, browser } = await member();
      await browser.postJson('/api/events', { _csrf: browser.csrf, events: [{ type: 'logout', page: '/about', data: { method: 'browser_closed' } }] });
      assert.equal((await browser.get('/about')).statusCode, 200);
      await sleep(2500);
      assert.equal(watch.seen((e) => e.type === 'logout' && e.user.userId === userId).length, 0);
      assert.equal(await stores.redis.redis.exists(`session-owner:${browser.sid}`), 1, 'the owner is remembered again');
    });

    it('ignores browser_closed from an anonymous visitor', async () => {
      const browser = new Browser(app);
      await browser.get('/');
      const res = await browser.postJson('/api/events', { _csrf: browser.csrf, events: [{ type: 'logout', page: '/', data: { method: 'browser_closed' } }] });
      assert.deepEqual(res.json(), { accepted: 0, ignored: 1 });
    });
  });
});
