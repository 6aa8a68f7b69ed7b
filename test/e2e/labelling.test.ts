/**
 * Browser test: the labelling queue and its box editor in headless Chromium over the real FerretDB. An admin
 * opens the queue, opens an unsure sample, draws a box with the mouse, turns it into a can with the keyboard,
 * deletes the model's label box, confirms — and the sample's `groundTruth` in MongoDB holds the boxes in the
 * raw image's pixels although the image was shown smaller. Then, on a tablet, a box drawn by touch proves an
 * appeal right. Screenshots go to test-artifacts/.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ObjectId } from 'mongodb';
import type { Page } from 'puppeteer-core';
import { imageBucket, putImage } from '../../activities/ecopoints/upload-records';
import { splitFor } from '../../domain/ground-truth';
import { trainingSamples, type TrainingSampleDoc } from '../../web/admin/labelling/sample-doc';
import { ARTIFACTS } from '../support/browser';
import { openAdminBrowser, type AdminBrowser } from '../support/admin-browser';
import { petPhoto } from '../support/ecopoint-images';
import { useStores } from '../support/stores';
import { trainingSample } from '../support/training-samples';
import { testUserId, withTestAdmin } from '../support/web';

const { config: storeConfig, stores } = useStores();
const { config, adminId } = withTestAdmin(storeConfig);
const db = stores.mongo.db;
const day = new Date(Date.UTC(2007, 0, 10) + Math.floor(Math.random() * 350) * 86_400_000).toISOString().slice(0, 10);
const noon = new Date(`${day}T12:00:00+09:00`);
const owner = testUserId('lbe');
const ids = { unsure: new ObjectId().toHexString(), appealed: new ObjectId().toHexString(), moved: new ObjectId().toHexString() };
const queue = `/admin/labelling?view=unsure&lo=0.411&hi=0.419&day=${day}`;

/** The model's boxes on the 1280 × 960 photo: a bottle and, unsure, a label on it. */
const bottle = { x1: 160, y1: 120, x2: 420, y2: 860 };
const label = { x1: 180, y1: 400, x2: 400, y2: 560 };

const sample = (id: string, fields: Partial<TrainingSampleDoc>): TrainingSampleDoc =>
  trainingSample(id, owner, noon, {
    modelVersion: 'e2e-model-3',
    detections: [
      { className: 'plastic', confidence: 0.93, box: bottle },
      { className: 'label', confidence: 0.415, box: label },
    ],
    ...fields,
  });

/** The few DOM members the page readers use (the project compiles without the DOM library). */
interface ElementLike {
  readonly textContent: string | null;
  readonly value: string;
  readonly naturalWidth: number;
  getAttribute(name: string): string | null;
  getBoundingClientRect(): { left: number; top: number; width: number; height: number };
}

/** The overlay's place on the screen. */
async function overlayRect(page: Page): Promise<{ left: number; top: number; width: number; height: number }> {
  return page.$eval('[data-overlay]', (el) => {
    const r = (el as unknown as ElementLike).getBoundingClientRect();
    return { left: r.left, top: r.top, width: r.width, height: r.height };
  });
}

/** The editor's box list as the page shows it: class chosen in each row. */
function listedClasses(page: Page): Promise<string[]> {
  return page.$$eval('[data-box-list] select', (els) => els.map((el) => (el as unknown as ElementLike).value));
}

describe(`labelling editor in Chromium (samples of ${day})`, () => {
  let session: AdminBrowser | undefined;
  let page: Page;
  let base = '';
  const problems: string[] = [];

  before(async () => {
    const photo = await petPhoto({ seed: 11 });
    for (const id of Object.values(ids)) await putImage(db, 'uploads', id, photo, `${id}.jpg`, { uploadId: id, userId: owner, service: 1, contentType: 'image/jpeg' });
    await trainingSamples(db).insertMany([
      sample(ids.unsure, {}),
      sample(ids.moved, { detections: [{ className: 'plastic', confidence: 0.97, box: bottle }] }),
      sample(ids.appealed, { verdict: { accepted: false, points: 0, code: 'ModelYesLabel' }, detections: [{ className: 'plastic', confidence: 0.95, box: bottle }, { className: 'label', confidence: 0.9, box: label }], appeal: { at: noon, userId: owner }, review: 'pending' }),
    ]);
    session = await openAdminBrowser(config, stores, adminId, problems);
    ({ page, base } = session);
  });

  after(async () => {
    await session?.close();
    await trainingSamples(db).deleteMany({ _id: { $in: Object.values(ids) } });
    for (const id of Object.values(ids)) await imageBucket(db, 'uploads').delete(new ObjectId(id)).catch(() => undefined);
  });

  it('shows the queue with thumbnails, counts and sources', async () => {
    await page.setViewport({ width: 1440, height: 900 });
    await page.goto(`${base}/admin/labelling?lo=0.411&hi=0.419&day=${day}`, { waitUntil: 'networkidle0' });
    const cards = await page.$$eval('.lb-card', (els) => els.map((el) => ({ id: (el as unknown as ElementLike).getAttribute('data-sample'), source: (el as unknown as ElementLike).getAttribute('data-source') })));
    assert.ok(cards.some((c) => c.id === ids.appealed && c.source === 'appealed'));
    assert.ok(cards.some((c) => c.id === ids.unsure && c.source === 'unsure'));
    const thumbs = await page.$$eval('.lb-thumb', (els) => els.map((el) => (el as unknown as ElementLike).naturalWidth));
    assert.ok(thumbs.length >= 2 && thumbs.every((w) => w === 320), `thumbnails loaded: ${thumbs.join()}`);
    await page.screenshot({ path: join(ARTIFACTS, 'labelling-queue.png'), fullPage: true });
  });

  it('opens a sample with the model boxes drawn over the image', async () => {
    await page.goto(`${base}${queue}`, { waitUntil: 'networkidle0' });
    await Promise.all([page.waitForNavigation({ waitUntil: 'networkidle0' }), page.click(`.lb-card[data-sample="${ids.unsure}"] a`)]);
    await page.waitForSelector('.lb-editor.lb-ready');
    assert.deepEqual(await listedClasses(page), ['plastic', 'label']);
    assert.equal(await page.$$eval('[data-overlay] .lb-box', (els) => els.length), 2);
    const shown = await overlayRect(page);
    assert.ok(shown.width < 1280 && shown.width > 300, `the image is shown scaled (${shown.width} px wide)`);
    assert.ok(Math.abs(shown.width / shown.height - 4 / 3) < 0.01, 'in its aspect ratio');
    await page.screenshot({ path: join(ARTIFACTS, 'labelling-editor-start.png') });
  });

  it('draws a box with the mouse, makes it a can by keyboard, deletes the label box', async () => {
    const r = await overlayRect(page);
    // From (60 %, 10 %) to (80 %, 50 %) of the image: raw (768, 96)–(1024, 480).
    await page.mouse.move(r.left + 0.6 * r.width, r.top + 0.1 * r.height);
    await page.mouse.down();
    await page.mouse.move(r.left + 0.7 * r.width, r.top + 0.3 * r.height, { steps: 5 });
    await page.mouse.move(r.left + 0.8 * r.width, r.top + 0.5 * r.height, { steps: 5 });
    await page.mouse.up();
    assert.deepEqual(await listedClasses(page), ['plastic', 'label', 'plastic']);
    await page.keyboard.press('3');
    assert.deepEqual(await listedClasses(page), ['plastic', 'label', 'can']);
    // The drawn box is selected; Shift+Tab on the image selects the one before it, the label.
    await page.keyboard.down('Shift');
    await page.keyboard.press('Tab');
    await page.keyboard.up('Shift');
    assert.equal(await page.$eval('.lb-box-item.lb-selected select', (el) => (el as unknown as ElementLike).value), 'label');
    await page.keyboard.press('Delete');
    assert.deepEqual(await listedClasses(page), ['plastic', 'can']);
    assert.match(await page.$eval('[data-status]', (el) => (el as unknown as ElementLike).textContent ?? ''), /지웠어요/);
    await page.screenshot({ path: join(ARTIFACTS, 'labelling-editor-edited.png') });
  });

  it('confirms, and the ground truth in MongoDB is in raw image pixels', async () => {
    await Promise.all([page.waitForNavigation({ waitUntil: 'networkidle0' }), page.keyboard.press('Enter')]);
    const stored = await trainingSamples(db).findOne({ _id: ids.unsure });
    assert.equal(stored?.review, 'confirmed');
    const gt = stored?.groundTruth;
    assert.ok(gt);
    assert.deepEqual([gt.width, gt.height, gt.confirmedBy, gt.split], [1280, 960, adminId, splitFor(ids.unsure)]);
    assert.deepEqual(gt.boxes.map((b) => b.className), ['plastic', 'can']);
    assert.deepEqual(gt.boxes[0]?.box, bottle, 'the model box kept as it was');
    const can = gt.boxes[1]?.box;
    assert.ok(can);
    // One screen pixel is about 1.4 raw pixels here: allow two.
    for (const [got, want] of [[can.x1, 768], [can.y1, 96], [can.x2, 1024], [can.y2, 480]] as const) assert.ok(Math.abs(got - want) <= 3, `${got} ≈ ${want}`);
    // The editor went on: the next sample of the view, or back to the queue when none is left.
    assert.match(page.url(), /\/admin\/labelling/);
    assert.ok(!page.url().includes(ids.unsure));
  });

  it('works with a finger on a tablet: draws by touch, deletes from the list, confirms an appeal the boxes prove right', async () => {
    await page.setViewport({ width: 820, height: 1180, isMobile: true, hasTouch: true, deviceScaleFactor: 1 });
    await page.goto(`${base}/admin/labelling/${ids.appealed}?view=appealed&day=${day}`, { waitUntil: 'networkidle0' });
    await page.waitForSelector('.lb-editor.lb-ready');
    assert.deepEqual(await listedClasses(page), ['plastic', 'label']);
    const r = await overlayRect(page);
    // The second bottle, from (40 %, 30 %) to (55 %, 80 %): raw (512, 288)–(704, 768).
    await page.touchscreen.touchStart(r.left + 0.4 * r.width, r.top + 0.3 * r.height);
    await page.touchscreen.touchMove(r.left + 0.5 * r.width, r.top + 0.6 * r.height);
    await page.touchscreen.touchMove(r.left + 0.55 * r.width, r.top + 0.8 * r.height);
    await page.touchscreen.touchEnd();
    assert.deepEqual(await listedClasses(page), ['plastic', 'label', 'plastic']);
    await page.click('[data-box-list] li:nth-child(2) .lb-delete');
    assert.deepEqual(await listedClasses(page), ['plastic', 'plastic']);
    await page.screenshot({ path: join(ARTIFACTS, 'labelling-editor-tablet.png') });
    await Promise.all([
      page.waitForNavigation({ waitUntil: 'networkidle0' }),
      (async () => {
        await page.keyboard.down('Control');
        await page.keyboard.press('s');
        await page.keyboard.up('Control');
      })(),
    ]);
    const stored = await trainingSamples(db).findOne({ _id: ids.appealed });
    assert.equal(stored?.review, 'confirmed');
    assert.deepEqual(stored?.groundTruth?.boxes.map((b) => b.className), ['plastic', 'plastic']);
    const drawn = stored?.groundTruth?.boxes[1]?.box;
    assert.ok(drawn);
    for (const [got, want] of [[drawn.x1, 512], [drawn.y1, 288], [drawn.x2, 704], [drawn.y2, 768]] as const) assert.ok(Math.abs(got - want) <= 3, `${got} ≈ ${want}`);
    assert.equal(stored?.appealReview?.upheld, true, 'no label: the member was right');
  });

  it('lists the reviewed samples with the appeal flag', async () => {
    await page.setViewport({ width: 1440, height: 900 });
    await page.goto(`${base}/admin/labelling?view=reviewed`, { waitUntil: 'networkidle0' });
    const flagged = await page.$eval(`.lb-card[data-sample="${ids.appealed}"]`, (el) => (el as unknown as ElementLike).textContent ?? '');
    assert.match(flagged, /이의 신청 타당/);
    await page.screenshot({ path: join(ARTIFACTS, 'labelling-reviewed.png') });
  });

  it('moves a box by its edge, resizes it by a handle and by Alt+arrows, nudges it, adds one with B; N leaves without saving', async () => {
    await page.setViewport({ width: 1440, height: 900 });
    await page.goto(`${base}/admin/labelling/${ids.moved}?day=${day}`, { waitUntil: 'networkidle0' });
    await page.waitForSelector('.lb-editor.lb-ready');
    const r = await overlayRect(page);
    const perPx = 1280 / r.width;
    const screen = (x: number, y: number) => ({ x: r.left + x / perPx, y: r.top + y / perPx });
    const rawBox = () =>
      page.$eval('[data-overlay] .lb-box[data-index="0"] .lb-box-rect', (el) => {
        const e = el as unknown as ElementLike;
        const [x, y, w, h] = ['x', 'y', 'width', 'height'].map((a) => Number(e.getAttribute(a)));
        return { x1: x ?? 0, y1: y ?? 0, x2: (x ?? 0) + (w ?? 0), y2: (y ?? 0) + (h ?? 0) };
      });
    const near = (got: { x1: number; y1: number; x2: number; y2: number }, want: typeof got, what: string) => {
      for (const k of ['x1', 'y1', 'x2', 'y2'] as const) assert.ok(Math.abs(got[k] - want[k]) <= 2 * perPx, `${what} ${k}: ${got[k]} ≈ ${want[k]}`);
    };
    // Grab the left edge and drag 100 screen px right and 50 up.
    const edge = screen(bottle.x1, 500);
    await page.mouse.move(edge.x, edge.y);
    await page.mouse.down();
    await page.mouse.move(edge.x + 50, edge.y - 25, { steps: 4 });
    await page.mouse.move(edge.x + 100, edge.y - 50, { steps: 4 });
    await page.mouse.up();
    const dx = 100 * perPx;
    const dy = 50 * perPx;
    near(await rawBox(), { x1: bottle.x1 + dx, y1: bottle.y1 - dy, x2: bottle.x2 + dx, y2: bottle.y2 - dy }, 'moved');
    // The bottom-right handle, 40 px left and 60 px up.
    const moved = await rawBox();
    const corner = screen(moved.x2, moved.y2);
    await page.mouse.move(corner.x, corner.y);
    await page.mouse.down();
    await page.mouse.move(corner.x - 40, corner.y - 60, { steps: 4 });
    await page.mouse.up();
    near(await rawBox(), { ...moved, x2: moved.x2 - 40 * perPx, y2: moved.y2 - 60 * perPx }, 'resized');
    const resized = await rawBox();
    await page.keyboard.down('Shift');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.up('Shift');
    await page.keyboard.press('ArrowDown');
    near(await rawBox(), { x1: resized.x1 - 10 * perPx, y1: resized.y1 + perPx, x2: resized.x2 - 10 * perPx, y2: resized.y2 + perPx }, 'nudged');
    // Alt+arrows resize from the right and bottom sides (and do not go back in history).
    const nudged = await rawBox();
    await page.keyboard.down('Alt');
    await page.keyboard.down('Shift');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.up('Shift');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.up('Alt');
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.ok(page.url().includes(ids.moved), 'Alt+← did not go back');
    near(await rawBox(), { ...nudged, x2: nudged.x2 - 10 * perPx, y2: nudged.y2 - perPx }, 'resized by keyboard');
    // B adds a box without a pointer.
    await page.keyboard.press('b');
    assert.deepEqual(await listedClasses(page), ['plastic', 'plastic']);
    await page.screenshot({ path: join(ARTIFACTS, 'labelling-editor-moved.png') });
    await Promise.all([page.waitForNavigation({ waitUntil: 'networkidle0' }), page.keyboard.press('n')]);
    assert.ok(!page.url().includes(ids.moved));
    assert.equal((await trainingSamples(db).findOne({ _id: ids.moved }))?.review, null, 'N saves nothing');
  });

  it('ran without script errors, CSP violations or failed requests', () => {
    assert.deepEqual(problems, []);
  });
});
