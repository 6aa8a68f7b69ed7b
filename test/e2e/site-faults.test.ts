/**
 * Browser tests of the faults a new user hit (issue 11), in headless Chromium against the real server and
 * stores: no false `logout` / `browser_closed` after a reload or a typed URL (the page's heartbeat cancels the
 * pending close) while closing the tab still reports it; the favicon; the mobile menu's scroll hint; the mypage
 * chart's bar for a month of 0 points; the admin 403 page leading a member back to the site.
 * Screenshots go to test-artifacts/.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'puppeteer-core';
import type { LogEvent } from '../../domain/events';
import { loadConfig } from '../../infra/config';
import { buildApp } from '../../web/app';
import { ARTIFACTS, launchChromium, listen, recordFailedLoads, recordScriptErrors, useSession } from '../support/browser';
import { useStores } from '../support/stores';
import { Browser as InjectBrowser, removeTestUsers, signupFields, testUserId, watchEvents, type EventWatch } from '../support/web';

const { stores } = useStores();
/** Seconds the server waits after a browser-closed beacon (the pages then beat every 2 s). */
const GRACE_S = 3;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The few browser globals the checks use (the project compiles without the DOM library). */
interface Rect {
  readonly left: number;
  readonly right: number;
}
interface BrowserGlobals {
  readonly innerWidth: number;
  readonly document: {
    querySelector(selector: string): { getAttribute(name: string): string | null; getBoundingClientRect(): Rect; scrollLeft: number; scrollWidth: number } | null;
    querySelectorAll(selector: string): ArrayLike<{ getAttribute(name: string): string | null }>;
  };
  readonly Chart: { getChart(canvas: unknown): { getDatasetMeta(i: number): { data: { base: number; y: number }[] } } | undefined };
}

describe('faults a new user hit, in Chromium (real server and stores)', () => {
  let app: FastifyInstance;
  let base = '';
  let browser: Browser;
  let watch: EventWatch;
  const problems: string[] = [];

  /** A new member (signed up through the app, so logged in) and a Chromium page holding their session. */
  async function memberPage(): Promise<{ userId: string; sid: string; page: Page }> {
    const userId = testUserId('ft');
    const client = new InjectBrowser(app);
    assert.equal((await client.signup(signupFields(userId))).statusCode, 303);
    assert.ok(client.sid);
    const page = await browser.newPage();
    recordScriptErrors(page, problems);
    recordFailedLoads(page, problems);
    await useSession(page, base, client.sid);
    return { userId, sid: client.sid, page };
  }

  const closes = (sid: string) => (e: LogEvent) => e.type === 'logout' && e.data.method === 'browser_closed' && e.sessionId === sid;

  before(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    watch = await watchEvents(stores.kafka.kafka);
    app = await buildApp({ config: loadConfig({ ...process.env, BROWSER_CLOSED_GRACE_S: String(GRACE_S) }), stores, logger: false });
    base = await listen(app);
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await app?.close();
    await watch?.stop();
    await removeTestUsers(stores);
  });

  it('reports no logout after a reload or a typed URL and reading on, but does when the tab is closed', async () => {
    const { sid, page } = await memberPage();
    await page.goto(`${base}/mypage`, { waitUntil: 'load' });
    await page.reload({ waitUntil: 'load' });
    await sleep((GRACE_S + 2) * 1000);
    await page.goto(`${base}/about`, { waitUntil: 'load' }); // typed into the address bar: no in-site click
    await sleep((GRACE_S + 2) * 1000);
    assert.deepEqual(watch.seen(closes(sid)), [], 'a member who is still reading was not logged out');
    await page.close({ runBeforeUnload: false });
    const [closed] = await watch.waitFor(closes(sid), 1, 30_000);
    assert.equal(closed?.page, '/about');
    assert.deepEqual(problems, []);
  });

  it('serves a favicon: no page of the site asks for a missing file', async () => {
    const page = await browser.newPage();
    const before = problems.length;
    recordFailedLoads(page, problems);
    await page.goto(`${base}/`, { waitUntil: 'networkidle0' });
    const icon = await page.goto(`${base}/favicon.ico`, { waitUntil: 'load' });
    assert.equal(icon?.status(), 200);
    assert.match(icon?.headers()['content-type'] ?? '', /^image\//);
    assert.deepEqual(problems.slice(before), []);
    await page.close();
  });

  it('shows that the mobile menu scrolls: a chevron on the side with more, gone at the end', async () => {
    const page = await browser.newPage();
    await page.setViewport({ width: 360, height: 740, isMobile: true, hasTouch: true });
    await page.goto(`${base}/`, { waitUntil: 'load' });
    const state = () =>
      page.evaluate(() => {
        const { document, innerWidth } = globalThis as unknown as BrowserGlobals;
        const last = document.querySelector('nav.menu a[href="/menu/lesswaste"]')?.getBoundingClientRect();
        return { more: document.querySelector('nav.menu')?.getAttribute('data-scroll-more') ?? null, lastHidden: (last?.right ?? 0) > innerWidth };
      });
    const start = await state();
    assert.ok(start.lastHidden, '리필숍 지도 starts off the right edge at 360 px');
    assert.equal(start.more, 'end', 'so the menu shows that it scrolls');
    await page.screenshot({ path: join(ARTIFACTS, 'site-mobile-menu-hint.png') });
    await page.evaluate(() => {
      const list = (globalThis as unknown as BrowserGlobals).document.querySelector('nav.menu ul');
      if (list) list.scrollLeft = list.scrollWidth;
    });
    await sleep(300);
    const end = await state();
    assert.equal(end.lastHidden, false);
    assert.equal(end.more, 'start', 'at the end the hint points back');
    await page.screenshot({ path: join(ARTIFACTS, 'site-mobile-menu-end.png') });
    await page.close();
  });

  it('draws the member’s bar for months of 0 points (not hidden under the average)', async () => {
    const { page } = await memberPage();
    await page.emulateMediaFeatures([{ name: 'prefers-reduced-motion', value: 'reduce' }]);
    await page.goto(`${base}/mypage`, { waitUntil: 'networkidle0' });
    const heights = await page.evaluate(() => {
      const g = globalThis as unknown as BrowserGlobals;
      const chart = g.Chart.getChart(g.document.querySelector('#points-chart'));
      return chart ? chart.getDatasetMeta(0).data.map((bar) => Math.abs(bar.base - bar.y)) : [];
    });
    assert.equal(heights.length, 4, 'four months');
    for (const h of heights) assert.ok(h >= 5, `a 0-point month still shows a bar (${h} px)`);
    await page.screenshot({ path: join(ARTIFACTS, 'site-mypage-zero-chart.png'), fullPage: true });
    await page.close();
  });

  it('gives a member on /admin a 403 page whose links lead back to the site', async () => {
    const { page } = await memberPage();
    const res = await page.goto(`${base}/admin/dags`, { waitUntil: 'load' });
    assert.equal(res?.status(), 403);
    const links = await page.evaluate(() => Array.from((globalThis as unknown as BrowserGlobals).document.querySelectorAll('a[href]'), (a) => a.getAttribute('href') ?? ''));
    assert.ok(links.includes('/'), `a link to the site's home (${links.join(', ')})`);
    assert.deepEqual(links.filter((href) => href.startsWith('/admin')), [], 'no link into the admin area (403 again)');
    await page.screenshot({ path: join(ARTIFACTS, 'admin-403-member.png') });
    await page.close();
  });
});
