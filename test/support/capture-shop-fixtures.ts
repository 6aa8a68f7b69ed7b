/**
 * Regenerates the HTML fixtures of the shop adapters' unit tests (test/unit/products/fixtures/) from the
 * local demo shops, rendered by Chromium: `npx tsx test/support/capture-shop-fixtures.ts`.
 */
import fs from 'node:fs';
import path from 'node:path';
import puppeteer from 'puppeteer-core';
import { loadConfig } from '../../infra/config';
import { startDemoShops } from '../../infra/demo-shops/server';

const OUT = path.join(__dirname, '..', 'unit', 'products', 'fixtures');

async function main(): Promise<void> {
  const shops = await startDemoShops({ slowMs: 0 });
  const browser = await puppeteer.launch({ executablePath: loadConfig().products.chromiumPath, args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const page = await browser.newPage();
    const capture = async (name: string, url: string, scroll = false) => {
      await page.goto(`${shops.url}${url}`, { waitUntil: 'networkidle0' });
      for (let i = 0; scroll && i < 60 && !(await page.$('#feed-end')); i++) {
        await page.evaluate('window.scrollTo(0, document.body.scrollHeight)');
        await new Promise((resolve) => setTimeout(resolve, 400));
      }
      const html = (await page.content()).replaceAll(shops.url, 'http://127.0.0.1:4100');
      fs.writeFileSync(path.join(OUT, `${name}.html`), html);
      console.log(`${name}.html ${html.length} chars`);
    };
    await capture('green-mart-page-2', '/green-mart/list?page=2');
    await capture('eco-box-drinks', '/eco-box/?cat=drinks', true);
    await capture('mul-maru-page-1', '/mul-maru/shop?p=1');
    await capture('mul-maru-broken', '/mul-maru/shop?p=6');
  } finally {
    await browser.close();
    await shops.close();
  }
}

void main();
