/**
 * Browser test of the service pages in headless Chromium, against the real server (Fastify listening on a
 * spare loopback port, real Redis, FerretDB and Kafka): a visitor signs up, logs in, walks every page (the
 * four menu pages through the menu), logs out; the Korean text is there and Hangul really renders (glyphs,
 * not blank space or "tofu" boxes); a page from another origin cannot post a form on the member's behalf; a
 * short session expires; and the events of the walk arrive in `logs.raw` with the member's dimensions.
 * Full-page screenshots go to test-artifacts/.
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
import { ageBandOf } from '../../domain/age-band';
import type { LogEvent } from '../../domain/events';
import { COLLECTIONS } from '../../infra/contracts';
import { loadConfig } from '../../infra/config';
import { buildApp } from '../../web/app';
import { ARTIFACTS, launchChromium, listen, recordScriptErrors, textOf } from '../support/browser';
import { useStores } from '../support/stores';
import { removeTestUsers, signupFields, testUserId, watchEvents, type EventWatch } from '../support/web';

const { config, stores } = useStores();
/** Session lifetime of the second server, the one whose sessions expire during the test. */
const SHORT_TTL_S = 2;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The few browser globals the checks use (the project compiles without the DOM library). */
interface ElementLike {
  textContent: string | null;
  value: string;
  style: Record<string, string>;
  getBoundingClientRect(): { width: number; height: number };
}
interface BrowserGlobals {
  readonly document: {
    readonly title: string;
    readonly body: ElementLike & { appendChild(node: ElementLike): void };
    createElement(tag: string): ElementLike & { id: string };
    querySelector(selector: string): ElementLike | null;
  };
}

/** Clicks `selector` and waits for the navigation it starts; returns the final response's status. */
async function clickAndWait(page: Page, selector: string): Promise<number> {
  const [res] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click(selector)]);
  return res?.status() ?? 0;
}

/** True when a PNG is not one flat colour (something was drawn). */
async function hasInk(png: Uint8Array): Promise<boolean> {
  const { channels } = await sharp(png).stats();
  return channels.some((c) => c.stdev > 0);
}

/**
 * Renders `chars` one per span in the heading's font and size, and screenshots each: every glyph must draw
 * something, and no two may look the same — missing glyphs would come out blank or as identical boxes.
 */
async function glyphShots(page: Page, chars: readonly string[]): Promise<Uint8Array[]> {
  const shots: Uint8Array[] = [];
  for (const [i, ch] of chars.entries()) {
    await page.evaluate(
      (id, text) => {
        const { document } = globalThis as unknown as BrowserGlobals;
        const span = document.createElement('span');
        span.id = id;
        span.textContent = text;
        Object.assign(span.style, { position: 'fixed', top: '10px', left: '10px', fontSize: '64px', lineHeight: '1', background: '#fff', color: '#000', padding: '4px', zIndex: '9999' });
        document.body.appendChild(span);
      },
      `glyph-${i}`,
      ch,
    );
    const handle = await page.$(`#glyph-${i}`);
    assert.ok(handle);
    shots.push(await handle.screenshot({ type: 'png' }));
    await handle.evaluate((el) => (el as unknown as { remove(): void }).remove());
  }
  return shots;
}

describe('the service in Chromium: signup → login → every page → logout (real server and stores)', () => {
  let app: FastifyInstance;
  let shortApp: FastifyInstance;
  let attacker: Server;
  let browser: Browser;
  let page: Page;
  let base = '';
  let shortBase = '';
  let attackerBase = '';
  let watch: EventWatch;
  const userId = testUserId('e2e');
  const fields = signupFields(userId);
  const problems: string[] = [];

  before(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    watch = await watchEvents(stores.kafka.kafka);
    app = await buildApp({ config, stores, logger: false });
    base = await listen(app);
    shortApp = await buildApp({ config: loadConfig({ ...process.env, SESSION_TTL_S: String(SHORT_TTL_S) }), stores, logger: false });
    shortBase = await listen(shortApp);
    // Another origin (same host, another port) whose page auto-submits a form to the service.
    attacker = createServer((req, res) => {
      const target = new URL(req.url ?? '/', 'http://x').searchParams.get('target') ?? '';
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(
        `<!doctype html><meta charset="utf-8"><title>경품 당첨!</title>` +
          `<form method="post" action="${target}"><input name="name" value="해커"><input name="email" value="evil@example.com"><input name="phone" value="010-6666-6666"><input name="region" value="seoul"></form>` +
          `<script>document.forms[0].submit()</script>`,
      );
    });
    await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
    attackerBase = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}`;

    browser = await launchChromium();
    page = await browser.newPage();
    await page.setViewport({ width: 1280, height: 900 });
    recordScriptErrors(page, problems);
  });

  after(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => (attacker ? attacker.close(() => resolve()) : resolve()));
    await shortApp?.close();
    await app?.close();
    await watch?.stop();
    await removeTestUsers(stores);
  });

  it('signs a new member up through the form and is logged in on mypage at once', async () => {
    await page.goto(`${base}/`, { waitUntil: 'load' });
    assert.match(await textOf(page, 'h1'), /라벨은 떼고,\s*북극은 시원하게/);
    assert.equal(await clickAndWait(page, '.account a[href="/signup"]'), 200);
    assert.equal(await textOf(page, 'h1'), '회원가입');
    await page.type('#f-userId', fields.userId ?? '');
    await page.type('#f-password', fields.password ?? '');
    await page.type('#f-passwordConfirm', fields.passwordConfirm ?? '');
    await page.type('#f-name', fields.name ?? '');
    await page.$eval('#f-birthDate', (el, v) => ((el as unknown as ElementLike).value = v), fields.birthDate ?? '');
    await page.click('input[name="gender"][value="W"]');
    await page.type('#f-email', fields.email ?? '');
    await page.type('#f-phone', fields.phone ?? '');
    await page.select('#f-region', fields.region ?? '');
    assert.equal(await clickAndWait(page, 'form[action="/signup"] button[type="submit"]'), 200);
    assert.equal(new URL(page.url()).pathname, '/mypage');
    assert.match(await page.content(), /가입을 환영해요! 로그인되어 있어요/);
    assert.equal(await textOf(page, 'h1'), `${fields.name}님, 반가워요!`);
    const user = await stores.mongo.db.collection(COLLECTIONS.users).findOne({ userId });
    assert.ok(user, 'the account is in MongoDB');
    assert.ok(!JSON.stringify(user).includes(fields.password ?? '-'), 'only a hash of the password is stored');
  });

  it('logs out, logs in again and shows the member’s mypage in Korean, with Hangul actually drawn', async () => {
    assert.equal(await clickAndWait(page, 'form.logout-form button[type="submit"]'), 200);
    assert.equal(await clickAndWait(page, '.account a[href="/login"]'), 200);
    await page.type('#f-userId', userId);
    await page.type('#f-password', fields.password ?? '');
    assert.equal(await clickAndWait(page, 'form[action="/login"] button[type="submit"]'), 200);
    assert.equal(new URL(page.url()).pathname, '/mypage');
    assert.equal(await textOf(page, 'h1'), `${fields.name}님, 반가워요!`);
    for (const heading of ['내 정보', '나의 에코 등급', '월별 적립 포인트', '오늘의 인기 검색어']) assert.match(await page.content(), new RegExp(heading));
    assert.match(await textOf(page, '.account'), /마이페이지/);

    const h1Width = await page.evaluate(() => (globalThis as unknown as BrowserGlobals).document.querySelector('h1')?.getBoundingClientRect().width ?? 0);
    assert.ok(h1Width > 100, `the heading takes room (${h1Width} px)`);
    const [ra, buk, blank] = await glyphShots(page, ['라', '북', '\u00a0']);
    assert.ok(ra && buk && blank);
    assert.ok(await hasInk(ra), '라 draws pixels');
    assert.ok(await hasInk(buk), '북 draws pixels');
    assert.ok(!(await hasInk(blank)), 'a blank span draws none (the check can fail)');
    assert.ok(!Buffer.from(ra).equals(Buffer.from(buk)), 'two Hangul syllables look different (not tofu boxes)');
    await page.screenshot({ path: join(ARTIFACTS, 'site-mypage.png'), fullPage: true });
  });

  it('shows the main and about pages', async () => {
    assert.equal(await clickAndWait(page, 'a.brand'), 200);
    assert.match(await textOf(page, 'h1'), /라벨은 떼고/);
    await page.screenshot({ path: join(ARTIFACTS, 'site-home.png'), fullPage: true });
    assert.equal(await clickAndWait(page, 'nav.menu a[href="/about"]'), 200);
    assert.match(await textOf(page, 'h1'), /안녕, 라벨!/);
    for (const heading of ['에코포인트 적립 규칙', '에코 등급과 북극 온도']) assert.match(await page.content(), new RegExp(heading));
  });

  it('opens the four menu pages through the menu', async () => {
    const menus = [
      ['ecopoint1', '/ecopoint/1', '페트병 인증', '준비 중이에요'],
      ['ecopoint2', '/ecopoint/2', '영수증 인증', '준비 중이에요'],
      ['nolabel', '/nolabel', '무라벨 상품 찾기', '라벨 없는 생수·음료, 단위 가격까지 비교해요'],
      ['lesswaste', '/lesswaste', '리필숍 지도', '리필숍 지도'],
    ] as const;
    for (const [menu, path, title, heading] of menus) {
      assert.equal(await clickAndWait(page, `nav.menu a[href="/menu/${menu}"]`), 200, menu);
      assert.equal(new URL(page.url()).pathname, path);
      if (menu === 'ecopoint1' || menu === 'ecopoint2') assert.ok(await page.$('#ecopoint-form'), `${menu} shows the upload form`);
      else assert.equal(await textOf(page, 'h1'), heading);
      assert.match(await page.content(), new RegExp(title));
      assert.equal(await textOf(page, 'nav.menu a[aria-current="page"]'), (await textOf(page, `nav.menu a[href="/menu/${menu}"]`)) || 'none');
    }
  });

  it('refuses a form posted from another origin with 403 and changes nothing', async () => {
    await page.goto(`${base}/mypage`, { waitUntil: 'load' });
    const forged = await browser.newPage();
    try {
      const posted = forged.waitForResponse((r) => r.url() === `${base}/mypage/profile` && r.request().method() === 'POST', { timeout: 15_000 });
      await forged.goto(`${attackerBase}/?target=${encodeURIComponent(`${base}/mypage/profile`)}`);
      const res = await posted;
      assert.equal(res.status(), 403);
      await forged.waitForNetworkIdle({ idleTime: 200, timeout: 10_000 }).catch(() => undefined);
      assert.equal(new URL(forged.url()).pathname, '/mypage/profile');
    } finally {
      await forged.close();
    }
    const user = await stores.mongo.db.collection(COLLECTIONS.users).findOne({ userId });
    assert.equal(user?.name, fields.name, 'the profile is unchanged');
    assert.equal(user?.email, fields.email);
    await page.reload({ waitUntil: 'load' });
    assert.equal(new URL(page.url()).pathname, '/mypage', 'the member is still logged in');
  });

  it('logs out with the button', async () => {
    assert.equal(await clickAndWait(page, 'form.logout-form button[type="submit"]'), 200);
    assert.equal(new URL(page.url()).pathname, '/');
    assert.match(await textOf(page, '.account'), /로그인/);
    const res = await page.goto(`${base}/mypage`, { waitUntil: 'load' });
    assert.equal(new URL(page.url()).pathname, '/login', 'mypage needs a login again');
    assert.equal(res?.status(), 200);
  });

  it(`expires an idle session (${SHORT_TTL_S} s) and sends the next page to the login`, async () => {
    const context = await browser.createBrowserContext();
    try {
      const tab = await context.newPage();
      await tab.goto(`${shortBase}/login`, { waitUntil: 'load' });
      await tab.type('#f-userId', userId);
      await tab.type('#f-password', fields.password ?? '');
      await clickAndWait(tab, 'form[action="/login"] button[type="submit"]');
      assert.equal(new URL(tab.url()).pathname, '/mypage');
      await sleep(SHORT_TTL_S * 1000 + 1500);
      await tab.reload({ waitUntil: 'load' });
      const url = new URL(tab.url());
      assert.equal(url.pathname, '/login');
      assert.equal(url.searchParams.get('expired'), '1');
      assert.equal(url.searchParams.get('next'), '/mypage');
      assert.match(await tab.content(), /자동으로 로그아웃되었어요/);
    } finally {
      await context.close();
    }
  });

  it('publishes the walk’s events to logs.raw with the member’s dimensions', async () => {
    const dims = { userId, gender: fields.gender, ageBand: ageBandOf(fields.birthDate ?? '', new Date()), region: fields.region };
    const mine = (e: LogEvent) => e.user.userId === userId;
    const expected: readonly [string, (e: LogEvent) => boolean, number][] = [
      ['login', (e) => e.type === 'login', 3],
      ['menu_click', (e) => e.type === 'menu_click', 4],
      ['page_view /mypage', (e) => e.type === 'page_view' && e.page === '/mypage', 2],
      ['page_view /about', (e) => e.type === 'page_view' && e.page === '/about', 1],
      ['page_view /nolabel', (e) => e.type === 'page_view' && e.page === '/nolabel', 1],
      ['logout (button)', (e) => e.type === 'logout' && e.data.method === 'button', 2],
      ['logout (session_expired)', (e) => e.type === 'logout' && e.data.method === 'session_expired', 1],
    ];
    for (const [what, match, count] of expected) {
      const found = await watch.waitFor((e) => mine(e) && match(e), count, 30_000);
      assert.ok(found.length >= count, what);
      for (const e of found) assert.deepEqual(e.user, dims, `${what} carries the member's dimensions`);
    }
    const clicks = watch.seen((e) => mine(e) && e.type === 'menu_click').map((e) => (e.type === 'menu_click' ? e.data.menu : ''));
    assert.deepEqual([...clicks].sort(), ['ecopoint1', 'ecopoint2', 'lesswaste', 'nolabel']);
    assert.ok(watch.seen((e) => e.type === 'page_view' && e.page === '/' && e.user.userId === null).length >= 1, 'the anonymous first visit is anonymous');
    assert.deepEqual(problems, []);
  });
});
