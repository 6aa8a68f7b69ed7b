import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import sharp from 'sharp';
import { COLLECTIONS } from '../../../../infra/contracts';
import type { UploadStatusOutput } from '../../../../web/site/schemas/ecopoint';
import { petPhoto, receiptImage } from '../../../support/ecopoint-images';
import { removeTestUploads, useEcopointWorkers } from '../../../support/ecopoint';
import { useStores } from '../../../support/stores';
import { Browser, removeTestUsers, signupFields, testApp, testUserId } from '../../../support/web';

const { config, stores } = useStores();
const workers = useEcopointWorkers(config, stores);
const randomSeed = () => Math.floor(Math.random() * 1e9);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A multipart/form-data body with one file field. */
function multipartBody(bytes: Buffer, filename: string, type: string): { payload: Buffer; contentType: string } {
  const boundary = `----ciao${randomSeed()}`;
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="photo"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`);
  return { payload: Buffer.concat([head, bytes, Buffer.from(`\r\n--${boundary}--\r\n`)]), contentType: `multipart/form-data; boundary=${boundary}` };
}

describe('eco point pages and API (web tier) on the real stack', () => {
  let app: FastifyInstance;
  const ids: string[] = [];
  let alice: Browser;
  let bob: Browser;

  before(async () => {
    ({ app } = await testApp(stores, { ECOPOINT_TASK_QUEUE: workers.taskQueue, INFERENCE_TASK_QUEUE: workers.inferenceTaskQueue }));
    for (const who of ['alice', 'bob']) {
      const id = testUserId('eco');
      ids.push(id);
      const b = new Browser(app);
      await b.signup(signupFields(id));
      if (who === 'alice') alice = b;
      else bob = b;
    }
  });
  after(async () => {
    await app.close();
    await removeTestUploads(stores, ids);
    await removeTestUsers(stores);
  });

  const upload = (b: Browser, service: 1 | 2, bytes: Buffer, filename = 'photo.jpg', type = 'image/jpeg', headers: Record<string, string> = {}) => {
    const body = multipartBody(bytes, filename, type);
    return app.inject({ method: 'POST', url: `/api/ecopoint/${service}/uploads`, remoteAddress: b.ip, payload: body.payload, headers: { 'content-type': body.contentType, 'x-csrf-token': b.csrf, cookie: `ciao_sid=${b.sid ?? ''}`, ...headers } });
  };
  const status = async (b: Browser, uploadId: string): Promise<UploadStatusOutput> => {
    for (let i = 0; i < 120; i++) {
      const res = await b.fetch(`/api/ecopoint/uploads/${uploadId}`);
      assert.equal(res.statusCode, 200, res.body);
      const body = res.json<UploadStatusOutput>();
      if (body.state === 'done') return body;
      await sleep(250);
    }
    throw new Error('no verdict');
  };

  it('shows the upload pages to members only, with a camera input and today\'s remaining tries', async () => {
    const anonymous = await new Browser(app).get('/ecopoint/1');
    assert.equal(anonymous.statusCode, 303);
    assert.match(String(anonymous.headers.location), /^\/login\?next=%2Fecopoint%2F1/);
    const page = await alice.get('/ecopoint/2');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<input type="file" name="photo" accept="image\/\*" capture="environment" required>/);
    assert.match(page.body, /data-remaining>2</);
    assert.doesNotMatch(page.body, /준비 중/);
  });

  it('takes a photo upload, answers 202, and the status shows the annotated image, the points and the remaining tries', { timeout: 120_000 }, async () => {
    await alice.get('/ecopoint/1');
    const res = await upload(alice, 1, await petPhoto({ seed: randomSeed() }));
    assert.equal(res.statusCode, 202, res.body);
    const { uploadId } = res.json<{ uploadId: string }>();
    const done = await status(alice, uploadId);
    assert.equal(done.verdict?.accepted, true, done.message);
    assert.ok((done.verdict?.points ?? 0) >= 10);
    assert.equal(done.remainingToday, 1);
    assert.equal(done.verdict?.annotatedUrl, `/ecopoint/uploads/${uploadId}/image/annotated`);
    const annotated = await alice.fetch(done.verdict?.annotatedUrl ?? '');
    assert.equal(annotated.statusCode, 200);
    assert.equal(annotated.headers['content-type'], 'image/jpeg');
    const photo = await alice.fetch(done.photoUrl);
    const meta = await sharp(photo.rawPayload).metadata();
    assert.equal(meta.exif, undefined, 'the served photo has no EXIF (no GPS)');
    const mypage = await alice.get('/mypage');
    assert.match(mypage.body, new RegExp(`/ecopoint/uploads/${uploadId}/image/thumb`));
    assert.match(mypage.body, /\+\d+P 적립/);
  });

  it('does not let another member read an upload, its images or appeal it (404, as for an unknown id)', { timeout: 120_000 }, async () => {
    await alice.get('/ecopoint/1');
    const res = await upload(alice, 1, await petPhoto({ seed: 707, labelled: 'one' }));
    const { uploadId } = res.json<{ uploadId: string }>();
    const done = await status(alice, uploadId);
    assert.equal(done.verdict?.code, 'ModelYesLabel');
    await bob.get('/mypage');
    assert.equal((await bob.fetch(`/api/ecopoint/uploads/${uploadId}`)).statusCode, 404);
    for (const kind of ['photo', 'annotated', 'thumb']) assert.equal((await bob.fetch(`/ecopoint/uploads/${uploadId}/image/${kind}`)).statusCode, 404, kind);
    assert.equal((await bob.postJson(`/api/ecopoint/uploads/${uploadId}/appeal`, {})).statusCode, 404);
    assert.equal((await new Browser(app).fetch(`/api/ecopoint/uploads/${uploadId}`)).statusCode, 401);
  });

  it('lets the member appeal a model refusal once, marking the training sample for review', { timeout: 60_000 }, async () => {
    const mine = await stores.mongo.db.collection(COLLECTIONS.ecopointUploads).findOne({ userId: ids[0], 'verdict.code': 'ModelYesLabel' });
    const uploadId = String(mine?._id);
    const page = await alice.get('/mypage');
    assert.match(page.body, new RegExp(`data-appeal="${uploadId}"`));
    const first = await alice.postJson(`/api/ecopoint/uploads/${uploadId}/appeal`, {});
    assert.equal(first.statusCode, 200, first.body);
    const sample = await stores.mongo.db.collection(COLLECTIONS.trainingSamples).findOne({ uploadId });
    assert.equal(sample?.review, 'pending');
    assert.equal((await alice.postJson(`/api/ecopoint/uploads/${uploadId}/appeal`, {})).statusCode, 409);
    assert.match((await alice.get('/mypage')).body, /이의 신청 접수됨/);
  });

  it('decides the type by the bytes: a PDF named photo.jpg is ImgInvalid (422)', async () => {
    await alice.get('/ecopoint/1');
    const res = await upload(alice, 1, Buffer.from('%PDF-1.7\n'.repeat(50)), 'photo.jpg', 'image/jpeg');
    assert.equal(res.statusCode, 422);
    assert.equal(res.json<{ code: string }>().code, 'ImgInvalid');
  });

  it('refuses a file over 16 MB with ImgOverSize (413)', { timeout: 60_000 }, async () => {
    await alice.get('/ecopoint/1');
    const big = Buffer.concat([await petPhoto({ seed: 1 }), Buffer.alloc(16 * 1024 * 1024 + 10)]);
    const res = await upload(alice, 1, big);
    assert.equal(res.statusCode, 413, res.body);
    assert.equal(res.json<{ code: string }>().code, 'ImgOverSize');
  });

  it('refuses an upload without the CSRF token (403)', async () => {
    await alice.get('/ecopoint/1');
    const res = await upload(alice, 1, await petPhoto({ seed: randomSeed() }), 'p.jpg', 'image/jpeg', { 'x-csrf-token': 'wrong' });
    assert.equal(res.statusCode, 403);
  });

  it('reads a receipt (eco point 2) and shows the matched lines', { timeout: 120_000 }, async () => {
    await bob.get('/ecopoint/2');
    const res = await upload(bob, 2, await receiptImage({ shop: `제로마켓 ${randomSeed()}`, items: [['무라벨 생수 2L', 1200], ['두부 300g', 2500]] }));
    assert.equal(res.statusCode, 202, res.body);
    const done = await status(bob, res.json<{ uploadId: string }>().uploadId);
    assert.equal(done.verdict?.points, 10, done.message);
    assert.equal(done.verdict?.matchedLines.length, 1);
    assert.match(done.verdict?.matchedLines[0] ?? '', /무라벨/);
  });
});
