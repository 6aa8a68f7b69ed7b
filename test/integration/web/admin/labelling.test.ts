/**
 * The labelling queue on the real FerretDB and Redis: samples listed by source (appealed, unsure band, the
 * day's random pick), paging, images without EXIF, confirm writing `groundTruth` in its exact schema (with
 * history, "no objects", the appeal flag), validation, skip, and who may do it (admins only, CSRF).
 *
 * The samples are dated on a random day of 2007, so the random source's 7-day window holds only them, and the
 * unsure band is a narrow one only they fall in; other suites' samples cannot change what is asserted.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { ObjectId } from 'mongodb';
import sharp from 'sharp';
import { imageBucket, putImage } from '../../../../activities/ecopoints/upload-records';
import { splitFor } from '../../../../domain/ground-truth';
import { COLLECTIONS } from '../../../../infra/contracts';
import { readQueue } from '../../../../web/admin/labelling/queue-reader';
import { pickDaily } from '../../../../web/admin/labelling/queue-rules';
import { trainingSamples, type TrainingSampleDoc } from '../../../../web/admin/labelling/sample-doc';
import { buildApp } from '../../../../web/app';
import { petPhoto } from '../../../support/ecopoint-images';
import { useStores } from '../../../support/stores';
import { trainingSample } from '../../../support/training-samples';
import { Browser, loginAsAdmin, removeTestUsers, signupFields, testUserId, withTestAdmin } from '../../../support/web';

const { config: storeConfig, stores } = useStores();
const { config, adminId } = withTestAdmin(storeConfig);
const db = stores.mongo.db;

/** A random Korea day of 2007 and noon of it. */
const day = new Date(Date.UTC(2007, 0, 10) + Math.floor(Math.random() * 350) * 86_400_000).toISOString().slice(0, 10);
const noon = new Date(`${day}T12:00:00+09:00`);
/** A band only the unsure sample falls in. */
const band = { lo: '0.411', hi: '0.419' };
const owner = testUserId('lbm');

const newId = (): string => new ObjectId().toHexString();
const ids = {
  unsure: newId(),
  appealed: newId(),
  rotated: newId(),
  receipt: newId(),
  sure: Array.from({ length: 8 }, newId),
};

const sample = (id: string, fields: Partial<TrainingSampleDoc> = {}): TrainingSampleDoc => trainingSample(id, owner, noon, fields);

/** The sample ids a page lists, in order. */
const listed = (body: string): string[] => [...body.matchAll(/data-sample="([0-9a-f]{24})"/g)].map((m) => m[1] ?? '');
const queueUrl = (view: string, extra = ''): string => `/admin/labelling?view=${view}&lo=${band.lo}&hi=${band.hi}&day=${day}${extra}`;
const doc = (id: string) => trainingSamples(db).findOne({ _id: id });

describe(`labelling queue (real FerretDB and Redis, samples of ${day})`, () => {
  let app: FastifyInstance;
  let admin: Browser;
  let member: Browser;
  let rawPhoto: Buffer;

  before(async () => {
    app = await buildApp({ config, stores, logger: false, events: { enabled: false } });
    await app.ready();
    admin = await loginAsAdmin(app, adminId);
    member = new Browser(app);
    const memberId = testUserId();
    await member.signup(signupFields(memberId));
    assert.equal((await member.login(memberId)).statusCode, 303);

    rawPhoto = await petPhoto({ seed: 7 });
    // Stored as a phone would: 1280 × 960 pixels, EXIF orientation 6 (shown turned a quarter clockwise).
    const turned = await sharp(await petPhoto({ seed: 8 })).withMetadata({ orientation: 6 }).jpeg().toBuffer();
    for (const [id, bytes] of [[ids.unsure, rawPhoto], [ids.appealed, rawPhoto], [ids.rotated, turned], ...ids.sure.map((s) => [s, rawPhoto] as const)] as const) {
      await putImage(db, 'uploads', id, bytes, `${id}.jpg`, { uploadId: id, userId: owner, service: 1, contentType: 'image/jpeg' });
    }
    await trainingSamples(db).insertMany([
      sample(ids.unsure, { detections: [{ className: 'plastic', confidence: 0.93, box: { x1: 90, y1: 60, x2: 500, y2: 900 } }, { className: 'label', confidence: 0.415, box: { x1: 120, y1: 300, x2: 470, y2: 520 } }] }),
      sample(ids.appealed, {
        detections: [{ className: 'plastic', confidence: 0.95, box: { x1: 90, y1: 60, x2: 500, y2: 900 } }, { className: 'label', confidence: 0.88, box: { x1: 120, y1: 300, x2: 470, y2: 520 } }],
        verdict: { accepted: false, points: 0, code: 'ModelYesLabel' },
        appeal: { at: noon, userId: owner },
        review: 'pending',
      }),
      sample(ids.rotated, { createdAt: new Date(noon.getTime() - 30 * 86_400_000) }),
      sample(ids.receipt, { service: 2, detections: null, ocrText: '무라벨 생수', review: 'pending', appeal: { at: noon, userId: owner } }),
      ...ids.sure.map((id) => sample(id)),
    ]);
  });

  after(async () => {
    await app.close();
    const all = [ids.unsure, ids.appealed, ids.rotated, ids.receipt, ...ids.sure];
    await db.collection(COLLECTIONS.trainingSamples).deleteMany({ _id: { $in: all } } as never);
    for (const id of [ids.unsure, ids.appealed, ids.rotated, ...ids.sure]) await imageBucket(db, 'uploads').delete(new ObjectId(id)).catch(() => undefined);
    await db.collection(COLLECTIONS.ecopoints).deleteMany({ userId: owner });
    await removeTestUsers(stores);
  });

  it('lists unsure samples by the confidence band', async () => {
    const res = await admin.get(queueUrl('unsure'));
    assert.equal(res.statusCode, 200);
    assert.deepEqual(listed(res.body), [ids.unsure]);
    assert.match(res.body, /data-count="unsure">1</);
    assert.match(res.body, /test-model-1/);
    assert.match(res.body, new RegExp(`/admin/labelling/${ids.unsure}/image/thumb`));
  });

  it('lists appealed samples of eco point 1 only', async () => {
    const res = await admin.get(queueUrl('appealed'));
    assert.equal(res.statusCode, 200);
    assert.ok(listed(res.body).includes(ids.appealed));
    assert.ok(!listed(res.body).includes(ids.receipt), 'receipts are not for the detector');
    assert.ok(!listed(res.body).includes(ids.unsure));
    assert.match(res.body, /거절: 라벨 있음/);
  });

  it("lists the day's random pick of the other recent uploads, the same on every read", async () => {
    const expected = pickDaily(ids.sure, day, 5);
    const first = await admin.get(queueUrl('random'));
    assert.deepEqual(listed(first.body), expected);
    assert.match(first.body, /data-count="random">5</);
    assert.deepEqual(listed((await admin.get(queueUrl('random'))).body), expected);
    // The sample uploaded 30 days earlier is outside the 7-day window; another day picks others.
    const nextDay = new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    const other = listed((await admin.get(`/admin/labelling?view=random&lo=${band.lo}&hi=${band.hi}&day=${nextDay}`)).body);
    assert.deepEqual(other, pickDaily(ids.sure, nextDay, 5));
  });

  it('pages through all sources, appeals first, each sample once', async () => {
    const bandValue = { lo: 0.411, hi: 0.419 };
    const seen: string[] = [];
    const sources: string[] = [];
    for (let offset = 0; ; offset += 3) {
      const page = await readQueue(db, { view: 'all', band: bandValue, day, offset, limit: 3 });
      if (page.items.length === 0) break;
      assert.ok(page.items.length <= 3);
      seen.push(...page.items.map((i) => i.sample._id));
      sources.push(...page.items.map((i) => i.source));
    }
    const page = await readQueue(db, { view: 'all', band: bandValue, day, offset: 0, limit: 3 });
    assert.equal(seen.length, page.counts.all);
    assert.equal(new Set(seen).size, seen.length);
    for (const id of [ids.appealed, ids.unsure, ...pickDaily(ids.sure, day, 5)]) assert.ok(seen.includes(id), id);
    assert.ok(!seen.includes(ids.receipt));
    // Sources come in order: every appealed one before every unsure one before the random ones.
    const order = sources.map((s) => ['appealed', 'unsure', 'random'].indexOf(s));
    assert.deepEqual(order, [...order].sort((a, b) => a - b));
  });

  it('serves the images re-encoded, upright and without EXIF or GPS', async () => {
    assert.ok((await sharp(rawPhoto).metadata()).exif, 'the stored photo has EXIF (with GPS)');
    for (const kind of ['full', 'thumb']) {
      const res = await admin.fetch(`/admin/labelling/${ids.unsure}/image/${kind}`);
      assert.equal(res.statusCode, 200, kind);
      assert.equal(res.headers['content-type'], 'image/jpeg');
      const meta = await sharp(res.rawPayload).metadata();
      assert.equal(meta.exif, undefined, `${kind} has no EXIF`);
      assert.ok(!res.rawPayload.includes(Buffer.from('TestCam')), `${kind} has no camera tag`);
    }
    const full = await sharp((await admin.fetch(`/admin/labelling/${ids.rotated}/image/full`)).rawPayload).metadata();
    assert.deepEqual([full.width, full.height, full.orientation], [960, 1280, undefined], 'turned upright');
    const thumb = await sharp((await admin.fetch(`/admin/labelling/${ids.unsure}/image/thumb`)).rawPayload).metadata();
    assert.deepEqual([thumb.width, thumb.height], [320, 240]);
  });

  it('opens the editor with the upright image size and the model boxes', async () => {
    const res = await admin.get(`/admin/labelling/${ids.rotated}`);
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /data-width="960" data-height="1280"/);
    assert.match(res.body, /<meta name="csrf-token" content="[^"]+">/);
    assert.match(res.body, /&quot;className&quot;:&quot;plastic&quot;/);
    assert.doesNotMatch(res.body, /<script>|<script [^>]*>[^<]/, 'no inline script');
    assert.equal((await admin.get(`/admin/labelling/${newId()}`)).statusCode, 404);
    assert.equal((await admin.get(`/admin/labelling/${ids.receipt}`)).statusCode, 404, 'receipts have no boxes');
  });

  it('confirms boxes as ground truth in exactly the agreed schema', async () => {
    const boxes = [
      { className: 'plastic', box: { x1: 90.5, y1: 60, x2: 500, y2: 900 } },
      { className: 'can', box: { x1: 700, y1: 100, x2: 900, y2: 500 } },
    ];
    const res = await admin.postJson(`/admin/api/labelling/${ids.unsure}/confirm?view=unsure&lo=${band.lo}&hi=${band.hi}&day=${day}&at=0`, { boxes, revision: 0 });
    assert.equal(res.statusCode, 200, res.body);
    const reply = res.json<{ review: string; boxes: number; split: string; next: string; appeal: unknown }>();
    assert.deepEqual([reply.review, reply.boxes, reply.split, reply.appeal], ['confirmed', 2, splitFor(ids.unsure), null]);
    assert.match(reply.next, /^\/admin\/labelling/);
    const stored = await doc(ids.unsure);
    assert.equal(stored?.review, 'confirmed');
    const gt = stored?.groundTruth;
    assert.ok(gt);
    assert.deepEqual(Object.keys(gt).sort(), ['boxes', 'confirmedAt', 'confirmedBy', 'height', 'split', 'width']);
    assert.deepEqual(gt.boxes, boxes);
    assert.deepEqual([gt.width, gt.height, gt.confirmedBy, gt.split], [1280, 960, adminId, splitFor(ids.unsure)]);
    assert.ok(gt.confirmedAt instanceof Date && Date.now() - gt.confirmedAt.getTime() < 60_000);
    // It has left the unsure view.
    assert.deepEqual(listed((await admin.get(queueUrl('unsure'))).body), []);
    assert.ok(listed((await admin.get(queueUrl('reviewed'))).body).includes(ids.unsure));
  });

  it('overwrites on a second confirm and keeps the replaced ground truth', async () => {
    const first = (await doc(ids.unsure))?.groundTruth;
    const boxes = [{ className: 'label', box: { x1: 120, y1: 300, x2: 470, y2: 520 } }];
    assert.equal((await admin.postJson(`/admin/api/labelling/${ids.unsure}/confirm`, { boxes, revision: 1 })).statusCode, 200);
    const stored = await doc(ids.unsure);
    assert.deepEqual(stored?.groundTruth?.boxes, boxes);
    assert.equal(stored?.groundTruthHistory?.length, 1);
    assert.deepEqual(stored?.groundTruthHistory?.[0]?.boxes, first?.boxes);
    assert.equal(stored?.groundTruthHistory?.[0]?.replacedBy, adminId);
    // The same boxes again change nothing but the time: no history entry.
    assert.equal((await admin.postJson(`/admin/api/labelling/${ids.unsure}/confirm`, { boxes, revision: 2 })).statusCode, 200);
    assert.equal((await doc(ids.unsure))?.groundTruthHistory?.length, 1);
  });

  it('refuses a confirm based on an older read (another admin was faster)', async () => {
    const res = await admin.postJson(`/admin/api/labelling/${ids.unsure}/confirm`, { boxes: [], revision: 1 });
    assert.equal(res.statusCode, 409);
    assert.equal(res.json<{ code: string }>().code, 'Conflict');
    assert.equal((await doc(ids.unsure))?.groundTruth?.boxes.length, 1);
  });

  it('refuses boxes outside the image, inverted, of unknown classes or too many', async () => {
    const id = ids.sure[0] ?? '';
    const bad: [string, unknown][] = [
      ['outside', [{ className: 'plastic', box: { x1: 10, y1: 10, x2: 1281, y2: 50 } }]],
      ['inverted', [{ className: 'plastic', box: { x1: 50, y1: 10, x2: 40, y2: 50 } }]],
      ['class', [{ className: 'bottle', box: { x1: 10, y1: 10, x2: 40, y2: 50 } }]],
      ['negative', [{ className: 'can', box: { x1: -1, y1: 10, x2: 40, y2: 50 } }]],
      ['extra field', [{ className: 'can', confidence: 1, box: { x1: 1, y1: 10, x2: 40, y2: 50 } }]],
      ['101 boxes', Array.from({ length: 101 }, () => ({ className: 'can', box: { x1: 1, y1: 1, x2: 2, y2: 2 } }))],
    ];
    for (const [what, boxes] of bad) {
      const res = await admin.postJson(`/admin/api/labelling/${id}/confirm`, { boxes, revision: 0 });
      assert.equal(res.statusCode, 400, what);
      assert.equal(res.json<{ code: string }>().code, 'ValidationFailed', what);
    }
    assert.equal((await doc(id))?.review, null, 'nothing written');
  });

  it('accepts "no objects" as a confirmation', async () => {
    const id = ids.sure[1] ?? '';
    const res = await admin.postJson(`/admin/api/labelling/${id}/confirm`, { boxes: [], revision: 0 });
    assert.equal(res.statusCode, 200, res.body);
    const stored = await doc(id);
    assert.equal(stored?.review, 'confirmed');
    assert.deepEqual(stored?.groundTruth?.boxes, []);
  });

  it('flags an appeal the ground truth proves right, and grants nothing', async () => {
    const boxes = [{ className: 'plastic', box: { x1: 90, y1: 60, x2: 500, y2: 900 } }];
    const res = await admin.postJson(`/admin/api/labelling/${ids.appealed}/confirm`, { boxes, revision: 0 });
    assert.equal(res.statusCode, 200, res.body);
    const reply = res.json<{ appeal: { upheld: boolean; groundTruthVerdict: { accepted: boolean; points: number } } }>();
    assert.deepEqual(reply.appeal, { upheld: true, groundTruthVerdict: { accepted: true, points: 10, code: null } });
    const stored = await doc(ids.appealed);
    assert.equal(stored?.review, 'confirmed');
    assert.equal(stored?.appealReview?.upheld, true);
    assert.deepEqual(stored?.appealReview?.modelVerdict, { accepted: false, points: 0, code: 'ModelYesLabel' });
    assert.equal(await db.collection(COLLECTIONS.ecopoints).countDocuments({ userId: owner }), 0, 'no points granted');
    assert.match((await admin.get(queueUrl('reviewed'))).body, /이의 신청 타당/);
    // The model was right after all: the flag goes.
    const label = [...boxes, { className: 'label', box: { x1: 120, y1: 300, x2: 470, y2: 520 } }];
    assert.equal((await admin.postJson(`/admin/api/labelling/${ids.appealed}/confirm`, { boxes: label, revision: 1 })).statusCode, 200);
    assert.equal((await doc(ids.appealed))?.appealReview?.upheld, false);
  });

  it('skips a sample: it leaves the queue without ground truth', async () => {
    const id = ids.sure[2] ?? '';
    const res = await admin.postJson(`/admin/api/labelling/${id}/skip`, { revision: 0 });
    assert.equal(res.statusCode, 200, res.body);
    const stored = await doc(id);
    assert.equal(stored?.review, 'skipped');
    assert.equal(stored?.groundTruth, undefined);
    assert.equal(stored?.reviewedBy, adminId);
  });

  it('is for admins only: anonymous visitors log in, members get 403, API calls 401/403', async () => {
    const anonymous = new Browser(app);
    const page = await anonymous.get('/admin/labelling');
    assert.equal(page.statusCode, 303);
    assert.match(page.headers.location ?? '', /^\/login\?next=/);
    assert.equal((await anonymous.fetch(`/admin/labelling/${ids.unsure}/image/full`)).statusCode, 303);
    assert.equal((await anonymous.postJson(`/admin/api/labelling/${ids.sure[3]}/confirm`, { boxes: [], revision: 0 })).statusCode, 401);
    assert.equal((await member.get('/admin/labelling')).statusCode, 403);
    assert.equal((await member.get(`/admin/labelling/${ids.unsure}`)).statusCode, 403);
    assert.equal((await member.fetch(`/admin/labelling/${ids.unsure}/image/full`)).statusCode, 403);
    const post = await member.postJson(`/admin/api/labelling/${ids.sure[3]}/confirm`, { boxes: [], revision: 0 });
    assert.equal(post.statusCode, 403);
    assert.equal((await doc(ids.sure[3] ?? ''))?.review, null);
  });

  it('refuses a confirm without the CSRF token or from another origin', async () => {
    const id = ids.sure[3] ?? '';
    const noToken = await admin.postJson(`/admin/api/labelling/${id}/confirm`, { boxes: [], revision: 0 }, { 'x-csrf-token': '' });
    assert.equal(noToken.statusCode, 403);
    assert.equal(noToken.json<{ code: string }>().code, 'Forbidden');
    const foreign = await admin.postJson(`/admin/api/labelling/${id}/confirm`, { boxes: [], revision: 0 }, { origin: 'https://evil.example' });
    assert.equal(foreign.statusCode, 403);
    const crossSite = await admin.postJson(`/admin/api/labelling/${id}/skip`, { revision: 0 }, { 'sec-fetch-site': 'cross-site' });
    assert.equal(crossSite.statusCode, 403);
    assert.equal((await doc(id))?.review, null, 'nothing written');
  });
});
