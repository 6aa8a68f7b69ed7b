/**
 * Browser test: the real-time dashboard in headless Chromium, on the real Redis, with a synthetic day of
 * traffic written for a random day of 2006. Every tab must draw its charts from non-empty series, without
 * script errors or CSP violations. Screenshots (desktop and mobile) go to test-artifacts/.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'puppeteer-core';
import { aggKey } from '../../infra/contracts';
import type { LiveDashboard } from '../../web/admin/dashboards/live-tabs';
import { ARTIFACTS, drawnCharts, textOf } from '../support/browser';
import { openAdminBrowser, type AdminBrowser } from '../support/admin-browser';
import { randomDay2006, syntheticDay, writeLiveFixture } from '../support/live-dashboard-data';
import { useStores } from '../support/stores';
import { withTestAdmin } from '../support/web';

const { config: storeConfig, stores } = useStores();
/** The pages are for admins: the app makes a fresh test user one, and the browser uses its session. */
const { config, adminId } = withTestAdmin(storeConfig);
const day = randomDay2006();

/** The few browser globals the checks here use (the project compiles without the DOM library). */
interface BrowserGlobals {
  readonly document: {
    querySelectorAll(selector: string): ArrayLike<unknown>;
    querySelector(selector: string): { readonly textContent: string | null } | null;
    readonly documentElement: { readonly scrollWidth: number; readonly clientWidth: number };
  };
}

/** How many elements match `selector`. */
function countOf(page: Page, selector: string): Promise<number> {
  return page.evaluate((sel) => (globalThis as unknown as BrowserGlobals).document.querySelectorAll(sel).length, selector);
}

describe(`live dashboard in Chromium (day ${day})`, () => {
  let session: AdminBrowser | undefined;
  let page: Page;
  let base = '';
  let removeFixture = (): Promise<void> => Promise.resolve();
  const problems: string[] = [];

  before(async () => {
    removeFixture = await writeLiveFixture(stores.redis.redis, syntheticDay(day));
    session = await openAdminBrowser(config, stores, adminId, problems);
    ({ page, base } = session);
  });

  after(async () => {
    await session?.close();
    await removeFixture();
  });

  it('loads the page, its JSON and Chart.js from this server, and draws the In/Out charts', async () => {
    await page.setViewport({ width: 1440, height: 900 });
    const json = page.waitForResponse((res) => res.url().includes('/admin/api/logs/live'));
    await page.goto(`${base}/admin/logs/live?date=${day}`, { waitUntil: 'networkidle0' });
    const loaded = (await (await json).json()) as LiveDashboard;
    assert.equal(loaded.filters.date, day);
    const inout = loaded.tabs.find((t) => t.id === 'inout');
    assert.ok(inout && inout.kpis[0] && inout.kpis[0].value > 0, 'the JSON has logins');
    await page.waitForSelector('.live-dashboard[data-loaded]');
    const drawn = await drawnCharts(page);
    assert.deepEqual(
      drawn.map((d) => d.panel),
      ['inout-time', 'inout-age', 'inout-gender', 'inout-logout-method'],
    );
    for (const d of drawn) {
      assert.ok(d.total > 0, `${d.panel} has data`);
      assert.ok(d.width > 100, `${d.panel} has a size`);
    }
    await page.screenshot({ path: join(ARTIFACTS, 'live-dashboard-inout.png'), fullPage: true });
  });

  it('polls the JSON when auto-refresh is on and shows new counts without a reload', async () => {
    const before = await textOf(page, '[data-kpi="inout-0"]');
    const logins = Number(before.replace(/,/g, ''));
    const redis = stores.redis.redis;
    await redis.hincrby(aggKey('1d', day), 'login|W|20|seoul', 1000);
    await redis.hincrby(aggKey('1h', `${day}T12`), 'login|W|20|seoul', 1000);
    await page.click('[data-live-toggle]');
    const expected = (logins + 1000).toLocaleString('ko-KR');
    await page.waitForFunction((text) => (globalThis as unknown as BrowserGlobals).document.querySelector('[data-kpi="inout-0"]')?.textContent === text, { timeout: 15_000 }, expected);
    const noon = await textOf(page, '#inout-time-table tbody tr:nth-child(13) td');
    assert.ok(Number(noon.replace(/,/g, '')) >= 1000, `the 12시 row of the table follows (${noon})`);
    const polled = await page.evaluate(() => (globalThis as unknown as { ciaoLiveDashboard: LiveDashboard }).ciaoLiveDashboard.tabs[0]?.kpis[0]?.value);
    assert.equal(polled, logins + 1000);
    // …and keeps polling on its own every few seconds.
    await page.waitForResponse((res) => res.url().includes('/admin/api/logs/live'), { timeout: 10_000 });
    await page.click('[data-live-toggle]');
  });

  for (const [tab, panels] of [
    ['menu', ['menu-funnel-age', 'menu-conversion', 'menu-gender-age']],
    ['ecopoint', ['eco-time', 'eco-age', 'eco-gender', 'eco-outcome', 'eco-region']],
    ['nolabel', ['nolabel-time', 'nolabel-members', 'nolabel-top-main', 'nolabel-top-recent']],
  ] as const) {
    it(`switches to the ${tab} tab in place and draws its charts`, async () => {
      await page.click(`[data-tab="${tab}"]`);
      await page.waitForSelector(`[data-tab-panel="${tab}"]:not([hidden]) canvas`);
      assert.ok(page.url().includes(`tab=${tab}`), 'the URL keeps the tab');
      const drawn = await drawnCharts(page);
      assert.deepEqual(
        drawn.map((d) => d.panel),
        [...panels],
      );
      for (const d of drawn) assert.ok(d.total > 0, `${d.panel} has data`);
      await page.screenshot({ path: join(ARTIFACTS, `live-dashboard-${tab}.png`), fullPage: true });
    });
  }

  it('shows the search ranking per gender → age band as a table', async () => {
    const cells = await countOf(page, '[data-panel="nolabel-ranks"] tbody tr');
    assert.equal(cells, 15);
    const first = await textOf(page, '[data-panel="nolabel-ranks"] tbody tr .words li .word');
    assert.ok(first.length > 0);
  });

  it('applies a filter on the server and keeps the charts drawn (mobile width)', async () => {
    await page.setViewport({ width: 390, height: 844, isMobile: true, deviceScaleFactor: 2 });
    await page.goto(`${base}/admin/logs/live?date=${day}&gender=W&age=20&tab=ecopoint`, { waitUntil: 'networkidle0' });
    await page.waitForSelector('.live-dashboard[data-loaded]');
    const summary = await textOf(page, '[data-live-summary]');
    assert.equal(summary, `${day} · 여성 · 20대`);
    const drawn = await drawnCharts(page);
    assert.equal(drawn.length, 5);
    assert.ok(drawn.some((d) => d.total > 0));
    const overflow = await page.evaluate(() => {
      const { documentElement } = (globalThis as unknown as BrowserGlobals).document;
      return documentElement.scrollWidth - documentElement.clientWidth;
    });
    assert.ok(overflow <= 0, `no sideways scrolling on a phone (overflow ${overflow}px)`);
    await page.screenshot({ path: join(ARTIFACTS, 'live-dashboard-mobile.png'), fullPage: true });
  });

  it('ran without script errors, CSP violations or failed requests', () => {
    assert.deepEqual(problems, []);
  });
});
