/**
 * The two-stage detector (`ssd-two-stage`: MediaPipe's Open Images SSD, then the plastic / can / label rules)
 * through onnxruntime-node, loaded by format from its metadata. Its files are built on first use from the
 * installed npm package `@mediapipe/objectron` and a PyPI wheel (ml/detector/pretrained/build_two_stage.py,
 * about a minute the first time, in the detector's venv). Real photos: ml/detector/data/real (SOURCES.csv).
 */
import assert from 'node:assert/strict';
import { copyFile, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { isCiaoError } from '../../../domain/errors';
import { detectObjects } from '../../../activities/images/detector/detect';
import { DEFAULT_DATA_DIR } from '../../../activities/images/detector/evaluate-split';
import { DATA_SEED, runDetectorScript } from '../../../activities/images/detector/ml-python';
import { scoreEcoPoint1 } from '../../../activities/images/detector/scoring';
import { type DetectorModel, loadDetectorModel, loadYoloV5Model } from '../../../activities/images/detector/session';
import { ensureTwoStageModel, TWO_STAGE_DIR } from '../../../activities/images/detector/two-stage/ensure-files';
import { isTwoStageModel } from '../../../activities/images/detector/two-stage/two-stage-model';
import { DetectorSlot } from '../../../activities/images/detector/model-slot';

const REAL = path.join(DEFAULT_DATA_DIR, 'real', 'images');

describe('two-stage detector', { timeout: 600_000 }, () => {
  let model: DetectorModel;
  let dir: string;

  before(async () => {
    const modelPath = await ensureTwoStageModel();
    model = await loadDetectorModel({ modelPath });
    dir = await mkdtemp(path.join(tmpdir(), 'ciao-two-stage-'));
  });
  after(async () => {
    await model?.release();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('loads as format ssd-two-stage with the project classes', () => {
    assert.equal(model.metadata.format, 'ssd-two-stage');
    assert.deepEqual(model.metadata.classes, ['plastic', 'label', 'can']);
    assert.ok(isTwoStageModel(model));
  });

  it('finds the cup in scikit-image coffee.png and counts nothing: ModelNoPlastic', async (t) => {
    const image = await readFile(path.join(REAL, 'skimage-coffee.png'));
    assert.ok(isTwoStageModel(model));
    const objects = await model.stageOne(image);
    const cup = objects.find((o) => o.kind === 'cup');
    assert.ok(cup && cup.score >= 0.4, `a cup at SSD score ≥ 0.4; stage 1 saw ${JSON.stringify(objects.slice(0, 3))}`);
    // The cup is in the middle of the 600 × 400 photo.
    assert.ok(cup.box.x1 < 300 && cup.box.x2 > 300 && cup.box.y1 < 200 && cup.box.y2 > 200, JSON.stringify(cup.box));
    const result = await detectObjects(model, image);
    const verdict = scoreEcoPoint1(result.detections);
    t.diagnostic(`coffee.png: ${JSON.stringify(result.detections.map((d) => [d.className, d.confidence.toFixed(2)]))}; ${result.timingsMs.inference.toFixed(0)} ms inference`);
    assert.equal(verdict.accepted, false);
    assert.equal(!verdict.accepted && verdict.code, 'ModelNoPlastic');
  });

  it('counts nothing on the real photos without bottles (people, a cat, a rocket, bare ground)', async () => {
    for (const name of (await readdir(REAL)).filter((n) => /\.(jpe?g|png|webp)$/i.test(n)).sort()) {
      const result = await detectObjects(model, await readFile(path.join(REAL, name)));
      const verdict = scoreEcoPoint1(result.detections);
      assert.equal(!verdict.accepted && verdict.code, 'ModelNoPlastic', `${name}: ${JSON.stringify(result.detections)}`);
    }
  });

  it('gives only the project classes, inside the image, on synthetic renders', async () => {
    await runDetectorScript('generate_data.py', ['--out', dir, '--seed', String(DATA_SEED), '--train', '0', '--val', '0', '--test', '6']);
    const imageDir = path.join(dir, 'test', 'images');
    for (const name of (await readdir(imageDir)).sort()) {
      const result = await detectObjects(model, await readFile(path.join(imageDir, name)));
      for (const d of result.detections) {
        assert.ok(['plastic', 'label', 'can'].includes(d.className), d.className);
        assert.ok(d.box.x1 >= 0 && d.box.y1 >= 0 && d.box.x2 <= result.width && d.box.y2 <= result.height, JSON.stringify(d.box));
        assert.ok(d.confidence > 0 && d.confidence <= 1);
      }
      // A label box always comes with the plastic box of its bottle.
      const labels = result.detections.filter((d) => d.className === 'label').length;
      assert.ok(labels <= result.detections.filter((d) => d.className === 'plastic').length);
    }
  });

  it('refuses a two-stage metadata JSON that lacks its stage fields, naming them', async () => {
    const meta = JSON.parse(await readFile(path.join(TWO_STAGE_DIR, 'detector.json'), 'utf8')) as Record<string, unknown>;
    delete meta.stage2;
    const file = path.join(dir, 'broken.json');
    await writeFile(file, JSON.stringify(meta));
    await assert.rejects(
      loadDetectorModel({ modelPath: path.join(TWO_STAGE_DIR, 'detector.onnx'), metadataPath: file }),
      (e: unknown) => isCiaoError(e, 'ModelError') && /stage2/.test((e as Error).message),
    );
  });

  it('refuses an unknown format, and a two-stage model where a YOLOv5 one is required', async () => {
    const file = path.join(dir, 'unknown.json');
    await writeFile(file, JSON.stringify({ format: 'tf-savedmodel', version: '1', classes: ['plastic'], inputSize: 640 }));
    await assert.rejects(loadDetectorModel({ metadataPath: file }), (e: unknown) => isCiaoError(e, 'ModelError') && /format/.test((e as Error).message));
    await assert.rejects(loadYoloV5Model({ modelPath: path.join(TWO_STAGE_DIR, 'detector.onnx') }), (e: unknown) => isCiaoError(e, 'ModelError'));
  });

  it('loads from a bundle folder elsewhere (files named relative to the metadata JSON)', async () => {
    const bundle = await mkdtemp(path.join(dir, 'bundle-'));
    for (const f of ['detector.onnx', 'detector.json', 'text-detector.onnx']) await copyFile(path.join(TWO_STAGE_DIR, f), path.join(bundle, f));
    const copy = await loadDetectorModel({ modelPath: path.join(bundle, 'detector.onnx'), metadataPath: path.join(bundle, 'detector.json') });
    try {
      assert.equal(copy.metadata.version, model.metadata.version);
    } finally {
      await copy.release();
    }
  });

  it('swaps a running slot from the YOLOv5-layout model to the two-stage one and back', async () => {
    const photo = await readFile(path.join(REAL, 'skimage-coffee.png'));
    const slot = await DetectorSlot.open();
    try {
      const yolo = slot.model.metadata;
      assert.equal(yolo.format, 'yolov5-onnx');
      const meta = await slot.swap({ modelPath: path.join(TWO_STAGE_DIR, 'detector.onnx') });
      assert.equal(meta.format, 'ssd-two-stage');
      assert.equal(await slot.use(async (m) => (await detectObjects(m, photo)).modelVersion), meta.version);
      await slot.swap({});
      assert.equal(await slot.use(async (m) => (await detectObjects(m, photo)).modelVersion), yolo.version);
    } finally {
      await slot.close();
    }
  });

  it('loads the variant whose stage 2 is the learned classifier, and it counts nothing on coffee.png', async () => {
    const variant = await loadDetectorModel({
      modelPath: path.join(TWO_STAGE_DIR, 'detector.onnx'),
      metadataPath: path.join(TWO_STAGE_DIR, 'detector-classifier.json'),
    });
    try {
      assert.match(variant.metadata.version, /classifier/);
      const result = await detectObjects(variant, await readFile(path.join(REAL, 'skimage-coffee.png')));
      const verdict = scoreEcoPoint1(result.detections);
      assert.equal(!verdict.accepted && verdict.code, 'ModelNoPlastic');
    } finally {
      await variant.release();
    }
  });
});
