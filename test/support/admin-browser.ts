/**
 * Browser-test support for the admin pages: the real app on a loopback port, headless Chromium with a
 * dashboard page, and that page signed in as a fresh admin member.
 */
import { mkdirSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'puppeteer-core';
import type { Config } from '../../infra/config';
import type { Stores } from '../../infra/stores';
import { buildApp } from '../../web/app';
import { ARTIFACTS, launchChromium, listen, newDashboardPage, useSession } from './browser';
import { loginAsAdmin, removeTestUsers } from './web';

/** An open admin browser session; `close()` ends the browser and the app and removes the test members. */
export interface AdminBrowser {
  readonly app: FastifyInstance;
  readonly base: string;
  readonly browser: Browser;
  readonly page: Page;
  close(): Promise<void>;
}

/**
 * Starts the app (events off) with `config` — whose `ADMIN_USER_IDS` includes `adminId` (see `withTestAdmin`)
 * — opens a dashboard page recording its problems into `problems`, and signs it in as `adminId`.
 */
export async function openAdminBrowser(config: Config, stores: Stores, adminId: string, problems: string[]): Promise<AdminBrowser> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const app = await buildApp({ config, stores, logger: false, events: { enabled: false } });
  const base = await listen(app);
  const browser = await launchChromium();
  const page = await newDashboardPage(browser, problems);
  const admin = await loginAsAdmin(app, adminId);
  await useSession(page, base, admin.sid ?? '');
  return {
    app,
    base,
    browser,
    page,
    async close() {
      await browser.close();
      await app.close();
      await removeTestUsers(stores);
    },
  };
}
