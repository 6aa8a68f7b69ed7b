/**
 * The model registry on the real stack (FerretDB, GridFS): registering the committed model once, registering
 * and refusing bundles, promotion and rollback with their history, materialising a version for onnxruntime,
 * measuring it on a real held-out split made of confirmed uploads, and recording a retraining outcome.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { getRunNotes } from '../../../control/run-notes';
import { DEFAULT_DATA_DIR } from '../../../activities/images/detector/evaluate-split';
import { ensureTestSplit } from '../../../activities/images/detector/ml-python';
import { DEFAULT_MODEL_DIR, loadDetectorModel } from '../../../activities/images/detector/session';
import { ensureCommittedModel } from '../../../activities/models/committed-model';
import { evaluateVersion, loadEvalSets } from '../../../activities/models/evaluate-version';
import { materialiseModel } from '../../../activities/models/materialise-model';
import { DETECTOR_KIND } from '../../../activities/models/model-record';
import { findActive, promoteModel, promotionHistory, rollbackModel } from '../../../activities/models/model-promotion';
import { decidePromotion } from '../../../activities/models/promotion-rule';
import { findModel, listModels, registerModel } from '../../../activities/models/register-model';
import { recordRetrainOutcome } from '../../../activities/models/retrain-outcome';
import { isCiaoError } from '../../../domain/errors';
import { petPhoto } from '../../support/ecopoint-images';
import { confirmedSample, removeSamples, resetRegistry, testBundle } from '../../support/models';
import { uniqueSuffix, useStores } from '../../support/stores';

const { stores } = useStores();
const db = stores.mongo.db;
const by = { by: 'test' };

describe('model registry on the real stack', { timeout: 180_000 }, () => {
  let cacheDir: string;
  const samples: string[] = [];
  before(async () => {
    await resetRegistry(db);
    cacheDir = await mkdtemp(path.join(tmpdir(), 'ciao-model-cache-'));
    await ensureTestSplit(DEFAULT_DATA_DIR);
  });
  after(async () => {
    await removeSamples(db, samples);
    await resetRegistry(db);
    await rm(cacheDir, { recursive: true, force: true });
  });

  it('registers the committed model as the first, active version once, however often workers start', async () => {
    const first = await ensureCommittedModel(db);
    const meta = JSON.parse(await readFile(path.join(DEFAULT_MODEL_DIR, 'detector.json'), 'utf8')) as { version: string };
    assert.deepEqual(first, { version: meta.version, registered: true, activated: true });
    assert.deepEqual(await ensureCommittedModel(db), { version: meta.version, registered: false, activated: false });
    const records = await listModels(db, DETECTOR_KIND);
    assert.equal(records.length, 1);
    assert.equal(records[0]?.status, 'active');
    assert.equal(records[0]?.format, 'yolov5-onnx');
    assert.ok(records[0]?.files.some((f) => f.name === 'detector.onnx') && records[0].files.some((f) => f.name === 'detector.json'));
    assert.equal((await findActive(db, DETECTOR_KIND))?.version, meta.version);
  });

  it('registers a bundle once, and refuses the same version with other bytes or metadata naming another version', async () => {
    const v = `t2-${uniqueSuffix()}`;
    const bundle = await testBundle(v);
    const a = await registerModel(db, { version: v, kind: DETECTOR_KIND, bundle });
    assert.equal(a.created, true);
    assert.equal(a.record.status, 'candidate');
    assert.equal((await registerModel(db, { version: v, kind: DETECTOR_KIND, bundle })).created, false);
    const other = await testBundle(v, { junk: true });
    await assert.rejects(registerModel(db, { version: v, kind: DETECTOR_KIND, bundle: other }), (e: unknown) => isCiaoError(e, 'Conflict'));
    await assert.rejects(registerModel(db, { version: `x-${v}`, kind: DETECTOR_KIND, bundle }), (e: unknown) => isCiaoError(e, 'ValidationFailed'));
    await assert.rejects(registerModel(db, { version: 'bad version', kind: DETECTOR_KIND, bundle }), (e: unknown) => isCiaoError(e, 'ValidationFailed'));
  });

  it('promotes and rolls back through the history, each step logged and the statuses following', async () => {
    const v2 = `p2-${uniqueSuffix()}`;
    const v3 = `p3-${uniqueSuffix()}`;
    await registerModel(db, { version: v2, kind: DETECTOR_KIND, bundle: await testBundle(v2) });
    await registerModel(db, { version: v3, kind: DETECTOR_KIND, bundle: await testBundle(v3) });
    const before = (await findActive(db, DETECTOR_KIND))?.version ?? null;
    assert.deepEqual(await promoteModel(db, v2, by), { kind: DETECTOR_KIND, from: before, to: v2, changed: true });
    assert.equal((await promoteModel(db, v2, by)).changed, false, 'promoting the active version changes nothing');
    await promoteModel(db, v3, { by: 'test', reason: 'better' });
    assert.equal((await findModel(db, v2))?.status, 'retired');
    assert.equal((await findModel(db, v3))?.status, 'active');
    assert.ok((await findModel(db, v3))?.promotedAt instanceof Date);
    assert.deepEqual(await rollbackModel(db, DETECTOR_KIND, by), { kind: DETECTOR_KIND, from: v3, to: v2, changed: true });
    assert.deepEqual(await rollbackModel(db, DETECTOR_KIND, by), { kind: DETECTOR_KIND, from: v2, to: before, changed: true });
    assert.equal((await findActive(db, DETECTOR_KIND))?.version, before);
    const log = await promotionHistory(db, DETECTOR_KIND, 4);
    assert.deepEqual(log.map((e) => `${e.action}:${e.from}→${e.to}`), [`rollback:${v2}→${before}`, `rollback:${v3}→${v2}`, `promote:${v2}→${v3}`, `promote:${before}→${v2}`]);
    await assert.rejects(promoteModel(db, 'no-such-version', by), (e: unknown) => isCiaoError(e, 'NotFound'));
  });

  it('refuses a rollback with nothing before the active version', async () => {
    await resetRegistry(db);
    await ensureCommittedModel(db);
    await assert.rejects(rollbackModel(db, DETECTOR_KIND, by), (e: unknown) => isCiaoError(e, 'Conflict') && /nothing to roll back to/.test((e as Error).message));
  });

  it('materialises a version’s files by SHA-256 for onnxruntime, reuses them, and loads them with the registry version', async () => {
    const v = `m-${uniqueSuffix()}`;
    const { record } = await registerModel(db, { version: v, kind: DETECTOR_KIND, bundle: await testBundle(v) });
    const files = await materialiseModel(db, record, cacheDir);
    for (const f of record.files) {
      const bytes = await readFile(path.join(files.dir, f.name));
      assert.equal(createHash('sha256').update(bytes).digest('hex'), f.sha256, f.name);
    }
    const firstWrite = (await stat(files.modelPath)).mtimeMs;
    assert.deepEqual(await materialiseModel(db, record, cacheDir), files);
    assert.equal((await stat(files.modelPath)).mtimeMs, firstWrite, 'the second call reuses the folder');
    const model = await loadDetectorModel({ modelPath: files.modelPath, metadataPath: files.metadataPath });
    try {
      assert.equal(model.metadata.version, v);
    } finally {
      await model.release();
    }
  });

  it('measures a version on the synthetic split and on confirmed held-out uploads, and says when the real split is empty', async () => {
    const emptyReal = await mkdtemp(path.join(tmpdir(), 'ciao-real-'));
    const noHeldout = await loadEvalSets(db, { syntheticLimit: 3, realDir: emptyReal });
    const before = noHeldout.real.images.length;
    const photo = await petPhoto({ seed: 7 });
    const { width = 0, height = 0 } = await sharp(photo).metadata();
    samples.push(await confirmedSample(db, photo, { width, height }, [{ className: 'plastic', box: { x1: 100, y1: 80, x2: 400, y2: 600 } }], 'heldout', 'eval_test'));
    samples.push(await confirmedSample(db, photo, { width, height }, [], 'train', 'eval_test'));
    const sets = await loadEvalSets(db, { syntheticLimit: 3, realDir: emptyReal });
    assert.equal(sets.real.images.length, before + 1, 'the held-out upload is in the real split, the train one is not');
    assert.equal(sets.synthetic.images.length, 3);
    const committed = (await ensureCommittedModel(db)).version;
    const metrics = await evaluateVersion(db, committed, sets, { cacheDir });
    assert.equal(metrics.synthetic?.images, 3);
    assert.equal(metrics.real?.images, before + 1);
    assert.ok(metrics.real && metrics.real.verdict.images === before + 1);
    assert.equal((await findModel(db, committed))?.metrics.real?.images, before + 1, 'recorded on the record');
    if (before === 0) {
      const none = await evaluateVersion(db, committed, { synthetic: sets.synthetic, real: { name: 'real', source: 'empty', images: [] } }, { cacheDir, record: false });
      assert.equal(none.real, null, 'an empty real split has no figure');
    }
    await rm(emptyReal, { recursive: true, force: true });
  });

  it('records a retraining outcome once: figures, decision, promotion and the run note', async () => {
    const v = `r-${uniqueSuffix()}`;
    await registerModel(db, { version: v, kind: DETECTOR_KIND, bundle: await testBundle(v) });
    const active = (await findActive(db, DETECTOR_KIND))?.version ?? null;
    const sets = await loadEvalSets(db, { syntheticLimit: 2 });
    const candidate = await evaluateVersion(db, v, sets, { cacheDir, record: false });
    const evaluation = { version: v, candidate, currentVersion: null, current: null };
    const decision = decidePromotion(candidate, null, { metric: 'verdictAccuracy', minGain: 0.02, allowSyntheticOnly: true });
    assert.equal(decision.promote, true);
    const runId = `dag:test_retrain:${uniqueSuffix()}`;
    const first = await recordRetrainOutcome(db, runId, 'test_retrain', JSON.parse(JSON.stringify(evaluation)) as typeof evaluation, decision);
    assert.equal(first.recorded, true);
    assert.equal(first.promoted, true);
    assert.equal((await findActive(db, DETECTOR_KIND))?.version, v);
    const note = (await getRunNotes(db, [runId])).get(runId);
    assert.match(note?.note ?? '', new RegExp(`candidate ${v}: PROMOTED`));
    assert.ok((await findModel(db, v))?.metrics.synthetic?.measuredAt instanceof Date, 'figures stored with real dates');
    // An admin rolls back; a rerun of the run records nothing new and does not bring the candidate back.
    if (active) await rollbackModel(db, DETECTOR_KIND, by);
    const again = await recordRetrainOutcome(db, runId, 'test_retrain', JSON.parse(JSON.stringify(evaluation)) as typeof evaluation, decision);
    assert.equal(again.recorded, false);
    if (active) assert.equal((await findActive(db, DETECTOR_KIND))?.version, active);
  });

  it('measures only the real photos SOURCES.csv records a source and licence for', async () => {
    const realDir = await mkdtemp(path.join(tmpdir(), 'ciao-real-'));
    try {
      await mkdir(path.join(realDir, 'images'));
      await mkdir(path.join(realDir, 'labels'));
      for (const name of ['own-1', 'unknown-2']) {
        await writeFile(path.join(realDir, 'images', `${name}.jpg`), await sharp(await petPhoto({ seed: 21 })).resize(640).jpeg().toBuffer());
        await writeFile(path.join(realDir, 'labels', `${name}.txt`), '0 0.3 0.5 0.2 0.6\n');
      }
      await writeFile(path.join(realDir, 'SOURCES.csv'), 'file,source_url,licence,author\nown-1.jpg,https://example.org/own-1,CC BY 4.0,Ciao label la\n');
      const before = (await loadEvalSets(db, { syntheticLimit: 1, realDir: path.join(realDir, 'none') })).real.images.length;
      const sets = await loadEvalSets(db, { syntheticLimit: 1, realDir });
      assert.equal(sets.real.images.length, before + 1);
      assert.ok(sets.real.images.some((i) => i.id.endsWith('/own-1.jpg')));
      assert.match(sets.real.source, /1 photos of ml\/detector\/data\/real \(1 without a SOURCES\.csv row left out\)/);
      const { truths } = await (sets.real.images.find((i) => i.id.endsWith('/own-1.jpg')) ?? assert.fail('no photo')).load();
      assert.deepEqual(truths.map((t) => t.className), ['plastic']);
    } finally {
      await rm(realDir, { recursive: true, force: true });
    }
  });
});
