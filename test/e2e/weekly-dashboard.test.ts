/**
 * Browser test: the weekly dashboard in headless Chromium over the real MongoDB, with 7 synthetic days of
 * warm-tier documents (counters, rankings, dwell and price histograms) for a random week of 2007. Every tab
 * must draw its charts from non-empty series, without script errors or CSP violations. Screenshots go to
 * test-artifacts/.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'puppeteer-core';
import { addDays } from '../../activities/logs/retention';
import { AGE_BANDS } from '../../domain/age-band';
import { COLLECTIONS } from '../../infra/contracts';
import type { WeeklyDashboard } from '../../web/admin/dashboards/weekly-tabs';
import { ARTIFACTS, drawnCharts } from '../support/browser';
import { openAdminBrowser, type AdminBrowser } from '../support/admin-browser';
import { useStores } from '../support/stores';
import { withTestAdmin } from '../support/web';

const { config: storeConfig, stores } = useStores();
/** The pages are for admins: the app makes a fresh test user one, and the browser uses its session. */
const { config, adminId } = withTestAdmin(storeConfig);
const day = addDays('2007-01-10', Math.floor(Math.random() * 350));

/** Seven days of plausible warm-tier documents, varied by day, gender and age band. */
function syntheticWeek(): Record<string, unknown>[] {
  const docs: Record<string, unknown>[] = [];
  const menus = ['ecopoint1', 'ecopoint2', 'nolabel', 'lesswaste'];
  const words = ['생수', '무라벨 생수', '탄산수', '보리차', '삼다수', '에비앙'];
  for (let i = 0; i < 7; i += 1) {
    const date = addDays(day, i - 6);
    const count = (metric: string, gender: string, ageBand: number, region: string, value: number) =>
      docs.push({ _id: `${date}|${metric}|${gender}|${ageBand}|${region}`, date, metric, gender, ageBand, region, value, batch: 'e2e', loadedAt: new Date() });
    for (const [g, gender] of (['M', 'W'] as const).entries()) {
      for (const [a, ageBand] of AGE_BANDS.entries()) {
        menus.forEach((m, k) => count(`menu_click:${m}`, gender, ageBand, 'seoul', 3 + ((i + g + a + k) % 5)));
        count('ecopoint:1', gender, ageBand, 'seoul', 2 + ((i + a) % 3));
        count('ecopoint:2', gender, ageBand, 'seoul', 1 + ((i + g) % 3));
        count('points:ecopoint:1', gender, ageBand, 'seoul', 20 + 5 * ((i + a) % 4));
        count(`lesswaste_search:${1 + ((i + a + g) % 10)}km`, gender, ageBand, 'busan', 2 + (a % 3));
        for (const [scope, kind, size] of [['page', 'dwell', 8], ['session', 'dwell', 8], ['price', 'price_clicks', 6]] as const) {
          const buckets = Array.from({ length: size }, (_, b) => ((i + g + a + b) % 4) + (b === 2 ? 3 : 0));
          docs.push({ _id: `${date}|${kind}|${scope}|${gender}|${ageBand}`, date, kind, scope, metric: `${kind}:${scope}`, gender, ageBand, buckets, count: buckets.reduce((x, y) => x + y, 0), total: 60_000, batch: 'e2e', loadedAt: new Date() });
        }
      }
      docs.push({ _id: `${date}|search_rank|g:${gender}`, date, metric: 'search_rank', dim: `g:${gender}`, words: words.map((word, k) => ({ word, count: 10 - k + ((i + g) % 3) })), batch: 'e2e', loadedAt: new Date() });
    }
    docs.push({ _id: `${date}|search_rank|all`, date, metric: 'search_rank', dim: 'all', words: words.map((word, k) => ({ word, count: 20 - 2 * k + (i % 4) })), batch: 'e2e', loadedAt: new Date() });
  }
  return docs;
}

describe(`weekly dashboard in Chromium (week ending ${day})`, () => {
  let session: AdminBrowser | undefined;
  let page: Page;
  let base = '';
  const problems: string[] = [];
  const col = () => stores.mongo.db.collection(COLLECTIONS.logsDaily);

  before(async () => {
    await col().deleteMany({ date: { $gte: addDays(day, -6), $lte: day } });
    await col().insertMany(syntheticWeek());
    session = await openAdminBrowser(config, stores, adminId, problems);
    ({ page, base } = session);
  });

  after(async () => {
    await session?.close();
    await col().deleteMany({ date: { $gte: addDays(day, -6), $lte: day } });
  });

  it('loads the page and its JSON, and draws the menu charts', async () => {
    await page.setViewport({ width: 1440, height: 900 });
    const json = page.waitForResponse((res) => res.url().includes('/admin/api/logs/weekly'));
    await page.goto(`${base}/admin/logs/weekly?date=${day}`, { waitUntil: 'networkidle0' });
    const loaded = (await (await json).json()) as WeeklyDashboard;
    assert.equal(loaded.daysWithData.length, 7);
    await page.waitForSelector('.live-dashboard[data-loaded]');
    const drawn = await drawnCharts(page);
    assert.deepEqual(drawn.map((d) => d.panel), ['weekly-menu-day', 'weekly-menu-age', 'weekly-menu-gender']);
    for (const d of drawn) {
      assert.ok(d.total > 0, `${d.panel} has data`);
      assert.ok(d.width > 100, `${d.panel} has a size`);
    }
    await page.screenshot({ path: join(ARTIFACTS, 'weekly-dashboard-menu.png'), fullPage: true });
  });

  for (const [tab, panels] of [
    ['dwell', ['weekly-dwell-pages', 'weekly-dwell-sessions']],
    ['ecopoint', ['weekly-eco-share', 'weekly-points-age']],
    ['nolabel', ['weekly-price-bands', 'weekly-lesswaste-radius', 'weekly-top-words']],
  ] as const) {
    it(`switches to the ${tab} tab and draws its charts`, async () => {
      await page.click(`[data-tab="${tab}"]`);
      await page.waitForSelector(`[data-tab-panel="${tab}"]:not([hidden]) canvas`);
      const drawn = await drawnCharts(page);
      assert.deepEqual(drawn.map((d) => d.panel), [...panels]);
      for (const d of drawn) assert.ok(d.total > 0, `${d.panel} has data`);
      await page.screenshot({ path: join(ARTIFACTS, `weekly-dashboard-${tab}.png`), fullPage: true });
    });
  }

  it('links to the live dashboard and back', async () => {
    await Promise.all([page.waitForNavigation({ waitUntil: 'networkidle0' }), page.click('a.dashboard-switch')]);
    assert.ok(page.url().endsWith('/admin/logs/live'));
    await Promise.all([page.waitForNavigation({ waitUntil: 'networkidle0' }), page.click('a.dashboard-switch')]);
    assert.ok(page.url().endsWith('/admin/logs/weekly'));
  });

  it('ran without script errors, CSP violations or failed requests', () => {
    assert.deepEqual(problems, []);
  });
});
