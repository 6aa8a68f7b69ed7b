/**
 * Browser-test support: the app on a loopback port, headless Chromium (puppeteer-core with the system
 * Chromium), pages that record what went wrong in them, and readers of what a page shows and drew.
 */
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { SESSION_COOKIE } from '../../web/plugins/app/sessions';

/** Where screenshots go: `test-artifacts/` at the repository root. */
export const ARTIFACTS = join(__dirname, '..', '..', 'test-artifacts');

/** The Chromium to drive: `CHROMIUM_PATH`, default `/usr/bin/chromium`. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Starts `app` on a spare loopback port; returns its base URL (`http://127.0.0.1:<port>`). */
export async function listen(app: FastifyInstance): Promise<string> {
  await app.listen({ host: '127.0.0.1', port: 0 });
  return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
}

/** Launches headless Chromium; close it in the suite's `after`. */
export function launchChromium(): Promise<Browser> {
  return puppeteer.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

/** Records into `problems` the page's console errors and uncaught exceptions. */
export function recordScriptErrors(page: Page, problems: string[]): void {
  page.on('console', (msg) => {
    // Failed loads are left to recordFailedLoads, which names their URL.
    if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource')) problems.push(`console: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`page error: ${String(err)}`));
}

/** Records into `problems` every response with status 400 or more, and every request that failed. */
export function recordFailedLoads(page: Page, problems: string[]): void {
  page.on('response', (res) => {
    if (res.status() >= 400) problems.push(`HTTP ${res.status()}: ${res.url()}`);
  });
  page.on('requestfailed', (req) => problems.push(`request failed: ${req.url()} (${req.failure()?.errorText ?? '?'})`));
}

/** Gives `page` the session `sid` on `base` (e.g. an admin's, from `loginAsAdmin` in `web.ts`), as the login would. */
export function useSession(page: Page, base: string, sid: string): Promise<void> {
  return page.setCookie({ name: SESSION_COOKIE, value: sid, url: base, httpOnly: true, sameSite: 'Lax' });
}

/**
 * A new page for a dashboard: reduced motion (the pages then skip chart animations, so screenshots show
 * finished charts), recording script errors and failed loads into `problems`.
 */
export async function newDashboardPage(browser: Browser, problems: string[]): Promise<Page> {
  const page = await browser.newPage();
  await page.emulateMediaFeatures([{ name: 'prefers-reduced-motion', value: 'reduce' }]);
  recordScriptErrors(page, problems);
  recordFailedLoads(page, problems);
  return page;
}

/** The few browser globals the readers use (the project compiles without the DOM library). */
interface CanvasLike {
  readonly width: number;
  closest(selector: string): { getAttribute(name: string): string | null } | null;
}
interface BrowserGlobals {
  readonly document: {
    querySelectorAll(selector: string): ArrayLike<CanvasLike>;
    querySelector(selector: string): { readonly textContent: string | null } | null;
  };
  readonly Chart: { getChart(canvas: CanvasLike): { data: { datasets: { data: unknown[] }[] } } | undefined };
}

/** Text of the first element matching `selector` ('' when there is none). */
export function textOf(page: Page, selector: string): Promise<string> {
  return page.evaluate((sel) => (globalThis as unknown as BrowserGlobals).document.querySelector(sel)?.textContent ?? '', selector);
}

/** One chart a page drew in its visible tab. */
export interface DrawnChart {
  /** `data-panel` of the panel around the canvas ('' when none). */
  readonly panel: string;
  /** Sum of the chart's data over all datasets (0 when no Chart.js chart is on the canvas). */
  readonly total: number;
  /** Canvas width, px. */
  readonly width: number;
}

/** The Chart.js charts on the canvases of the visible tab panel (`[data-tab-panel]:not([hidden])`), in page order. */
export function drawnCharts(page: Page): Promise<DrawnChart[]> {
  return page.evaluate(() => {
    const { document, Chart } = globalThis as unknown as BrowserGlobals;
    return Array.from(document.querySelectorAll('[data-tab-panel]:not([hidden]) canvas')).map((canvas) => {
      const chart = Chart.getChart(canvas);
      const total = chart ? chart.data.datasets.reduce((n, d) => n + d.data.reduce<number>((a, b) => a + (Number(b) || 0), 0), 0) : 0;
      return { panel: canvas.closest('[data-panel]')?.getAttribute('data-panel') ?? '', total, width: canvas.width };
    });
  });
}
