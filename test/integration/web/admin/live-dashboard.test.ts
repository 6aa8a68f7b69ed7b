import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Fastify, { type FastifyInstance } from 'fastify';
import { loadConfig, type Config } from '../../../../infra/config';
import { aggKey, searchRankKey, searchRankMinuteKey } from '../../../../infra/contracts';
import { closeStores, createStores, type Stores } from '../../../../infra/stores';
import type { SeriesPanel } from '../../../../web/admin/dashboards/live-panels';
import { findPanel } from '../../../../web/admin/dashboards/live-panels';
import type { LiveDashboard } from '../../../../web/admin/dashboards/live-tabs';
import { buildApp } from '../../../../web/app';
import { adminArea } from '../../../../web/admin';
import { errorHandler } from '../../../../web/plugins/app/error-handler';
import { randomDay2006, writeLiveFixture } from '../../../support/live-dashboard-data';
import { useStores } from '../../../support/stores';
import { loginAsAdmin, removeTestUsers, withTestAdmin, type Browser } from '../../../support/web';

const { config: storeConfig, stores } = useStores();
/** The pages are for admins: the requests below come from a fresh test user the app makes one. */
const { config, adminId } = withTestAdmin(storeConfig);
const day = randomDay2006();

/** Known counts: two hours of one day, the day's total equal to their sum (as the aggregator writes them). */
const H09 = {
  'login|W|20|seoul': 5,
  'login|M|30|busan': 3,
  'logout:button|W|20|seoul': 2,
  'search|W|20|seoul': 6,
  'search|-|-|-': 4,
  'product_click|-|-|-': 1,
  'ecopoint:1|M|30|busan': 2,
  'points:ecopoint:1|M|30|busan': 20,
};
const H14 = {
  'login|W|20|seoul': 1,
  'logout:session_expired|M|30|busan': 3,
  'menu_click:nolabel|W|20|seoul': 4,
  'search|W|20|seoul': 2,
  'product_click|W|20|seoul': 2,
  'ecopoint:2|W|20|seoul': 1,
  'points:ecopoint:2|W|20|seoul': 30,
};
function sum(...hashes: Record<string, number>[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const h of hashes) for (const [f, n] of Object.entries(h)) out[f] = (out[f] ?? 0) + n;
  return out;
}

function panel(d: LiveDashboard, id: string): SeriesPanel {
  const p = findPanel(d, id);
  assert.ok(p?.kind === 'series', `series panel ${id}`);
  return p;
}
const values = (d: LiveDashboard, id: string): Record<string, readonly number[]> => Object.fromEntries(panel(d, id).series.map((s) => [s.name, s.values]));
const kpis = (d: LiveDashboard, tab: string): Record<string, number> => Object.fromEntries((d.tabs.find((t) => t.id === tab)?.kpis ?? []).map((k) => [k.label, k.value]));

describe(`live dashboard on the real Redis (day ${day})`, () => {
  let app: FastifyInstance;
  let removeFixture = (): Promise<void> => Promise.resolve();

  let admin: Browser;

  after(async () => {
    await removeFixture();
    await app.close();
    await removeTestUsers(stores);
  });
  before(async () => {
    app = await buildApp({ config, stores, logger: false, events: { enabled: false } });
    admin = await loginAsAdmin(app, adminId);
    removeFixture = await writeLiveFixture(stores.redis.redis, {
      hashes: {
        [aggKey('1h', `${day}T09`)]: H09,
        [aggKey('1h', `${day}T14`)]: H14,
        [aggKey('1d', day)]: sum(H09, H14),
        [aggKey('5m', `${day}T09:05`)]: { 'login|W|20|seoul': 2 },
        [aggKey('5m', `${day}T09:40`)]: { 'login|W|20|seoul': 3, 'login|M|30|busan': 3 },
      },
      ranks: {
        [searchRankKey(day, { kind: 'all' })]: { 생수: 5, 탄산수: 4, 보리차: 3 },
        [searchRankKey(day, { kind: 'gender', gender: 'W' })]: { 생수: 4, 보리차: 3 },
        [searchRankKey(day, { kind: 'gender_age', gender: 'W', ageBand: 20 })]: { 보리차: 3, 생수: 1 },
        // "last 60 minutes" of another day ends at 23:59; 22:59 is outside it.
        [searchRankMinuteKey(`${day}T23:10`, { kind: 'all' })]: { 탄산수: 2, 생수: 1 },
        [searchRankMinuteKey(`${day}T23:50`, { kind: 'all' })]: { 탄산수: 1, '=SUM(1)': 1 },
        [searchRankMinuteKey(`${day}T22:59`, { kind: 'all' })]: { 우유: 9 },
        [searchRankMinuteKey(`${day}T09:07`, { kind: 'gender', gender: 'W' })]: { 녹차: 2 },
      },
    });
  });

  it('renders the page for ?date with tabs, headline numbers and tables', async () => {
    const res = await admin.fetch(`/admin/logs/live?date=${day}`, { accept: 'text/html' });
    assert.equal(res.statusCode, 200, res.body);
    assert.match(res.headers['content-type'] as string, /text\/html/);
    const body = res.body;
    assert.match(body, /<h1>실시간 대시보드<\/h1>/);
    for (const name of ['In/Out', 'Menu', 'Eco point', 'No label']) assert.ok(body.includes(`>${name} <span class="tab-ko">`), `tab ${name}`);
    assert.match(body, /<dt>로그인<\/dt><dd data-kpi="inout-0">9<\/dd>/);
    assert.match(body, /<dt>지급 포인트<\/dt><dd data-kpi="ecopoint-0">50P<\/dd>/);
    assert.match(body, /<tr><th scope="row">여성<\/th><td class="num">6<\/td><td class="num">2<\/td><\/tr>/, 'gender table of In/Out');
    assert.match(body, /<script src="\/admin\/static\/chart\.umd\.min\.js\?v=[0-9a-f]+" defer><\/script>/);
    assert.match(body, /<script src="\/admin\/static\/live-dashboard\.js\?v=[0-9a-f]+" defer><\/script>/);
    assert.ok(body.includes(`href="/admin/logs/live/csv/inout-time?date=${day}"`), 'CSV link with the filters');
    assert.doesNotMatch(body, /Redis unavailable/);
  });

  it('answers the JSON the page polls with exact numbers for the day', async () => {
    const res = await admin.fetch(`/admin/api/logs/live?date=${day}`);
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.headers['cache-control'], 'no-store');
    const d = res.json<LiveDashboard>();
    assert.equal(d.today, false);
    assert.equal(d.empty, false);
    assert.deepEqual(kpis(d, 'inout'), { 로그인: 9, 로그아웃: 5, '세션 만료 비율': 60 });
    const time = panel(d, 'inout-time');
    assert.equal(time.labels.length, 24);
    assert.equal(values(d, 'inout-time')['로그인']?.[9], 8);
    assert.equal(values(d, 'inout-time')['로그인']?.[14], 1);
    assert.equal(values(d, 'inout-time')['로그인']?.reduce((a, b) => a + b, 0), 9);
    assert.deepEqual(values(d, 'inout-gender'), { 로그인: [3, 6], 로그아웃: [3, 2] });
    assert.deepEqual(values(d, 'eco-gender'), { 에코포인트1: [20, 0], 에코포인트2: [0, 30] });
    assert.deepEqual(values(d, 'nolabel-members'), { '무라벨 메뉴 클릭': [4, 0], 검색: [8, 4], '상품 클릭': [2, 1] });
    assert.deepEqual(values(d, 'nolabel-time')['검색']?.slice(9, 15), [10, 0, 0, 0, 0, 2]);
  });

  it('ranks today from the day set and the last 60 minutes from a union of the minute sets', async () => {
    const d = (await admin.fetch(`/admin/api/logs/live?date=${day}`)).json<LiveDashboard>();
    const main = panel(d, 'nolabel-top-main');
    assert.deepEqual([main.labels, main.series[0]?.values], [['생수', '탄산수', '보리차'], [5, 4, 3]]);
    const recent = panel(d, 'nolabel-top-recent');
    assert.equal(recent.title, `검색어 Top 10 · 최근 60분 (23:00–23:59) · 전체`);
    // Equal scores come in reverse byte order (ZREVRANGE).
    assert.deepEqual([recent.labels, recent.series[0]?.values], [['탄산수', '생수', '=SUM(1)'], [3, 1, 1]]);
    const ranks = findPanel(d, 'nolabel-ranks');
    assert.ok(ranks?.kind === 'ranking');
    const w20 = ranks.rows.find((r) => r.gender === '여성' && r.ageBand === '20대');
    assert.deepEqual(w20?.main, [{ word: '보리차', count: 3 }, { word: '생수', count: 1 }]);
    const left = await stores.redis.redis.keys('tmp:dashboard:*');
    assert.deepEqual(left, [], 'the union temp keys never outlive the transaction');
  });

  it('applies hour and gender filters on the server', async () => {
    const d = (await admin.fetch(`/admin/api/logs/live?date=${day}&hour=9&gender=W`)).json<LiveDashboard>();
    assert.deepEqual(d.filters, { date: day, hour: 9, ageBand: null, gender: 'W', region: null });
    assert.deepEqual(kpis(d, 'inout'), { 로그인: 5, 로그아웃: 2, '세션 만료 비율': 0 });
    const time = panel(d, 'inout-time');
    assert.equal(time.labels.length, 12);
    assert.deepEqual(values(d, 'inout-time')['로그인'], [0, 2, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0]);
    assert.deepEqual(panel(d, 'nolabel-members').labels, ['회원']);
    assert.deepEqual(panel(d, 'nolabel-top-main').labels, ['녹차'], "the hour's minutes, women's ranking");
  });

  it('downloads one panel as UTF-8 CSV with a BOM, with the filters applied', async () => {
    const res = await admin.fetch(`/admin/logs/live/csv/inout-gender?date=${day}&hour=9`);
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.headers['content-type'], 'text/csv; charset=utf-8');
    assert.equal(res.headers['content-disposition'], `attachment; filename="ciao-live_inout-gender_${day}_h09.csv"`);
    assert.equal(res.rawPayload.subarray(0, 3).toString('hex'), 'efbbbf');
    assert.equal(res.body, '\uFEFF성별,로그인,로그아웃\r\n남성,3,0\r\n여성,5,2\r\n');
  });

  it('downloads the search ranking with formula-like words defused', async () => {
    const res = await admin.fetch(`/admin/logs/live/csv/nolabel-ranks?date=${day}`);
    assert.equal(res.statusCode, 200, res.body);
    assert.ok(res.body.includes(`전체,전체,최근 60분 (23:00–23:59),3,"'=SUM(1)",1\r\n`), res.body);
  });

  it('refuses a day that does not exist, an unknown panel and a remote client', async () => {
    assert.equal((await admin.fetch('/admin/api/logs/live?date=2006-02-30')).statusCode, 400);
    assert.equal((await admin.fetch('/admin/api/logs/live?gender=X')).statusCode, 400);
    assert.equal((await admin.fetch(`/admin/logs/live/csv/no-such-panel?date=${day}`)).statusCode, 404);
    assert.equal((await app.inject({ method: 'GET', url: `/admin/api/logs/live?date=${day}` })).statusCode, 401, 'not without the admin session');
  });
});

/**
 * The admin area alone, behind a stand-in admin session. Sessions live in the same Redis as the hot tier, so
 * with Redis down the whole app lets nobody in (checked below); this is how the pages themselves degrade when
 * the hot tier's reads fail while the session was found (a partial outage).
 */
async function adminAreaAsAdmin(appConfig: Config, appStores: Stores): Promise<FastifyInstance> {
  const app = Fastify({ logger: false });
  app.decorate('config', appConfig);
  app.decorate('stores', appStores);
  await app.register(errorHandler);
  app.decorateRequest('session', null);
  app.decorateRequest('expiredSession', null);
  const member = { userId: 'stand_in', name: '관리자', role: 'admin', gender: 'W', birthDate: '1990-01-01', region: 'seoul' } as const;
  app.addHook('onRequest', (request, _reply, done) => {
    request.session = { id: 'stand-in', data: { csrf: '', createdAt: new Date().toISOString(), member } };
    done();
  });
  await app.register(adminArea, { prefix: '/admin' });
  await app.ready();
  return app;
}

describe('live dashboard with Redis down', () => {
  let app: FastifyInstance;
  let whole: FastifyInstance;
  // Nothing listens on port 1: every command fails after the client's retries.
  const downConfig = loadConfig({ ...process.env, REDIS_URL: 'redis://127.0.0.1:1' });
  const downStores = createStores(downConfig);

  before(async () => {
    app = await adminAreaAsAdmin(downConfig, downStores);
    whole = await buildApp({ config: downConfig, stores: downStores, logger: false, events: { enabled: false } });
  });
  after(async () => {
    await app.close();
    await whole.close();
    await closeStores(downStores);
  });

  it('fails closed in the whole app: a session that cannot be read is 503 "잠시 후 다시"; no cookie, the login page (HTML) or 401 (API)', async () => {
    const url = `/admin/logs/live?date=${day}`;
    const unreadable = await whole.inject({ method: 'GET', url, headers: { accept: 'text/html', cookie: `ciao_sid=${'a'.repeat(43)}` } });
    assert.equal(unreadable.statusCode, 503);
    assert.match(unreadable.body, /잠시 후 다시 시도해 주세요/);
    assert.doesNotMatch(unreadable.body, /실시간 대시보드<\/h1>/);
    const page = await whole.inject({ method: 'GET', url, headers: { accept: 'text/html' } });
    assert.equal(page.statusCode, 303);
    assert.equal(page.headers.location, `/login?next=${encodeURIComponent(url)}`);
    assert.equal((await whole.inject({ method: 'GET', url: `/admin/api/logs/live?date=${day}` })).statusCode, 401);
  });

  it('still renders the page, empty, with a notice', async () => {
    const res = await app.inject({ method: 'GET', url: `/admin/logs/live?date=${day}`, headers: { accept: 'text/html' } });
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /Redis unavailable/);
    assert.match(res.body, /<h1>실시간 대시보드<\/h1>/);
  });

  it('answers the JSON and CSV with 503', async () => {
    const json = await app.inject({ method: 'GET', url: `/admin/api/logs/live?date=${day}` });
    assert.equal(json.statusCode, 503);
    assert.equal(json.json<{ code: string }>().code, 'ServiceUnavailable');
    assert.equal((await app.inject({ method: 'GET', url: `/admin/logs/live/csv/inout-time?date=${day}` })).statusCode, 503);
  });
});
