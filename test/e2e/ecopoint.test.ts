/**
 * Browser test of eco point 1 and 2 in headless Chromium on a phone-sized screen, against the real server and
 * the real pipeline (upload workflow and inference worker on this file's task queues): a member picks a photo
 * of label-free bottles, sees "확인 중" and then the annotated image with the points; picks a receipt and sees
 * the matched 무라벨 line; a labelled photo is refused and can be appealed from mypage, whose history shows
 * the thumbnails; an iPhone HEIC photo is credited like a JPEG. Screenshots go to test-artifacts/ecopoint-*.png.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'puppeteer-core';
import { ARTIFACTS, launchChromium, listen, recordFailedLoads, recordScriptErrors, textOf, useSession } from '../support/browser';
import { heicPhoto, petPhoto, receiptImage } from '../support/ecopoint-images';
import { forgetDuplicateIndex, removeTestUploads, useEcopointWorkers } from '../support/ecopoint';
import { useStores } from '../support/stores';
import { Browser as InjectBrowser, removeTestUsers, signupFields, testApp, testUserId } from '../support/web';

/** The browser globals the checks use (the project compiles without the DOM library). */
interface ImageLike {
  readonly complete: boolean;
  readonly naturalWidth: number;
  readonly src: string;
}
interface PageGlobals {
  readonly document: { querySelectorAll(selector: string): Iterable<unknown>; querySelector(selector: string): { textContent: string | null } | null };
}

const { config, stores } = useStores();
const workers = useEcopointWorkers(config, stores);
const randomSeed = () => Math.floor(Math.random() * 1e9);

describe('eco point pages in Chromium', () => {
  let app: FastifyInstance;
  let base: string;
  let chromium: Browser;
  let page: Page;
  let userId: string;
  const problems: string[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'ciao-eco-'));

  before(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    ({ app } = await testApp(stores, { ECOPOINT_TASK_QUEUE: workers.taskQueue, INFERENCE_TASK_QUEUE: workers.inferenceTaskQueue }));
    base = await listen(app);
    userId = testUserId('eco');
    const member = new InjectBrowser(app);
    await member.signup(signupFields(userId));
    chromium = await launchChromium();
    page = await chromium.newPage();
    await page.setViewport({ width: 390, height: 844, deviceScaleFactor: 1, isMobile: true, hasTouch: true });
    recordScriptErrors(page, problems);
    recordFailedLoads(page, problems);
    await useSession(page, base, member.sid ?? '');
  });
  after(async () => {
    await chromium?.close();
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
    await removeTestUploads(stores, [userId]);
    await removeTestUsers(stores);
  });

  /** Picks `file` in the page's file input, submits, and waits for the verdict (and its images). */
  async function uploadAndWait(file: string): Promise<void> {
    const input = await page.$('#ecopoint-form input[type=file]');
    assert.ok(input, 'file input');
    await (input as unknown as { uploadFile(...paths: string[]): Promise<void> }).uploadFile(file);
    await page.click('#ecopoint-form button[type=submit]');
    await page.waitForSelector('#ecopoint-result[data-state="wait"]', { timeout: 10_000 });
    await page.waitForSelector('#ecopoint-result[data-state="ok"], #ecopoint-result[data-state="no"]', { timeout: 90_000 });
    await page.waitForFunction(
      () => [...(globalThis as unknown as PageGlobals).document.querySelectorAll('#ecopoint-result img')].every((img) => (img as ImageLike).complete && (img as ImageLike).naturalWidth > 0),
      { timeout: 15_000 },
    );
  }

  it('uploads a photo of label-free bottles and shows the annotated image and the points', { timeout: 120_000 }, async () => {
    const file = join(dir, 'bottles.jpg');
    writeFileSync(file, await petPhoto({ seed: randomSeed() }));
    await page.goto(`${base}/ecopoint/1`, { waitUntil: 'load' });
    assert.equal(await textOf(page, '[data-remaining]'), '2');
    await uploadAndWait(file);
    const text = await textOf(page, '#ecopoint-result');
    assert.match(text, /\+\d+P/);
    assert.match(text, /페트병 \d개를 확인했어요/);
    assert.match(await page.$eval('#ecopoint-result img', (img) => (img as unknown as ImageLike).src), /\/image\/annotated$/);
    assert.equal(await textOf(page, '[data-remaining]'), '1');
    await page.screenshot({ path: join(ARTIFACTS, 'ecopoint-1-accepted.png'), fullPage: true });
  });

  it('uploads a receipt and shows the matched 무라벨 line', { timeout: 120_000 }, async () => {
    const file = join(dir, 'receipt.jpg');
    writeFileSync(file, await receiptImage({ shop: `에코마트 ${randomSeed() % 1000}호점`, items: [['무라벨 생수 2L', 1200], ['바나나우유 240ml', 1700]] }));
    await page.goto(`${base}/ecopoint/2`, { waitUntil: 'load' });
    await uploadAndWait(file);
    const text = await textOf(page, '#ecopoint-result');
    assert.match(text, /\+10P/);
    assert.match(await textOf(page, '#ecopoint-result .matched-lines'), /무라벨/);
    await page.screenshot({ path: join(ARTIFACTS, 'ecopoint-2-accepted.png'), fullPage: true });
  });

  it('refuses a labelled bottle with the reason, and the member appeals it from mypage', { timeout: 120_000 }, async () => {
    const file = join(dir, 'labelled.jpg');
    writeFileSync(file, await petPhoto({ seed: 707, labelled: 'one' }));
    await page.goto(`${base}/ecopoint/1`, { waitUntil: 'load' });
    await uploadAndWait(file);
    assert.match(await textOf(page, '#ecopoint-result'), /라벨 등 이물질 1개/);
    await page.screenshot({ path: join(ARTIFACTS, 'ecopoint-1-refused.png'), fullPage: true });
    await page.goto(`${base}/mypage`, { waitUntil: 'load' });
    await page.waitForFunction(() => [...(globalThis as unknown as PageGlobals).document.querySelectorAll('.history-thumb')].every((img) => (img as ImageLike).complete), { timeout: 15_000 });
    const thumbs = await page.$$eval('.history-thumb', (imgs) => imgs.map((img) => (img as unknown as ImageLike).naturalWidth));
    assert.equal(thumbs.length, 3);
    assert.ok(thumbs.every((w) => w > 0), 'thumbnails load');
    await page.click('button[data-appeal]');
    await page.waitForFunction(() => (globalThis as unknown as PageGlobals).document.querySelector('[data-appeal-status]')?.textContent?.includes('이의 신청을 받았어요'), { timeout: 10_000 });
    await page.screenshot({ path: join(ARTIFACTS, 'ecopoint-mypage-history.png'), fullPage: true });
    assert.deepEqual(problems, []);
  });

  it('takes an iPhone HEIC photo picked on a computer, and credits the day\'s second photo', { timeout: 120_000 }, async () => {
    // The test HEIC is one fixed scene, which other test files upload too: the index of images seen before goes first.
    await forgetDuplicateIndex(stores);
    const file = join(dir, 'IMG_0042.HEIC');
    writeFileSync(file, heicPhoto(new Date()));
    await page.goto(`${base}/ecopoint/1`, { waitUntil: 'load' });
    assert.equal(await textOf(page, '[data-remaining]'), '1');
    await uploadAndWait(file);
    const text = await textOf(page, '#ecopoint-result');
    assert.match(text, /\+\d+P/, text);
    assert.match(await page.$eval('#ecopoint-result img', (img) => (img as unknown as ImageLike).src), /\/image\/annotated$/);
    assert.equal(await textOf(page, '[data-remaining]'), '0');
    await page.screenshot({ path: join(ARTIFACTS, 'ecopoint-1-heic.png'), fullPage: true });
    assert.deepEqual(problems, []);
  });
});
