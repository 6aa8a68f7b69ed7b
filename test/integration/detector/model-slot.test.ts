/**
 * The committed detector model through onnxruntime-node: loading, refusing bad files, swapping at run time,
 * and the annotated copy. No Python needed.
 */
import assert from 'node:assert/strict';
import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { isCiaoError } from '../../../domain/errors';
import { annotateImage } from '../../../activities/images/detector/annotate';
import { detectObjects } from '../../../activities/images/detector/detect';
import { DetectorSlot } from '../../../activities/images/detector/model-slot';
import { DEFAULT_MODEL_PATH, loadDetectorModel, loadYoloV5Model } from '../../../activities/images/detector/session';

describe('detector model loading and swapping', { timeout: 120_000 }, () => {
  let dir: string;
  let photo: Buffer;

  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'ciao-model-'));
    photo = await sharp({ create: { width: 800, height: 600, channels: 3, background: '#8a7f70' } }).jpeg().toBuffer();
  });
  after(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('loads the committed model with its metadata and YOLOv5 output layout', async () => {
    const model = await loadYoloV5Model();
    try {
      assert.deepEqual(model.metadata.classes, ['plastic', 'label', 'can']);
      assert.equal(model.metadata.inputSize, 640);
      assert.equal(model.rowLength, 8);
      assert.ok(model.rowCount > 0);
    } finally {
      await model.release();
    }
  });

  it('refuses a file that is not an ONNX model with ModelError', async () => {
    const junk = path.join(dir, 'junk.onnx');
    await writeFile(junk, 'not a model');
    await assert.rejects(loadDetectorModel({ modelPath: junk }), (e: unknown) => isCiaoError(e, 'ModelError'));
  });

  it('refuses a missing model file with ModelError', async () => {
    await assert.rejects(loadDetectorModel({ modelPath: path.join(dir, 'missing.onnx') }), (e: unknown) => isCiaoError(e, 'ModelError'));
  });

  it('swaps to another model version at run time without breaking a request in flight', async () => {
    const v2 = path.join(dir, 'detector-v2.onnx');
    await copyFile(DEFAULT_MODEL_PATH, v2);
    await writeFile(path.join(dir, 'detector-v2.json'), JSON.stringify({ version: '2.0.0-test', classes: ['plastic', 'label', 'can'], inputSize: 640 }));
    const slot = await DetectorSlot.open();
    const before = slot.model.metadata.version;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const inFlight = slot.use(async (model) => {
      await gate; // the swap happens while this request holds the old model
      return (await detectObjects(model, photo)).modelVersion;
    });
    const meta = await slot.swap({ modelPath: v2 });
    release();
    assert.equal(await inFlight, before);
    assert.equal(meta.version, '2.0.0-test');
    assert.equal(await slot.use(async (m) => (await detectObjects(m, photo)).modelVersion), '2.0.0-test');
    await slot.close();
    await assert.rejects(slot.use(() => Promise.resolve(1)), (e: unknown) => isCiaoError(e, 'ModelError'));
  });

  it('keeps the active model when a swap fails', async () => {
    const slot = await DetectorSlot.open();
    const version = slot.model.metadata.version;
    await assert.rejects(slot.swap({ modelPath: path.join(dir, 'missing.onnx') }), (e: unknown) => isCiaoError(e, 'ModelError'));
    assert.equal(await slot.use(async (m) => (await detectObjects(m, photo)).modelVersion), version);
    await slot.close();
  });

  it('draws boxes on an annotated copy of the same size', async () => {
    const out = await annotateImage(photo, [
      { box: { x1: 100, y1: 100, x2: 300, y2: 500 }, confidence: 0.91, classId: 0, className: 'plastic' },
    ]);
    const meta = await sharp(out).metadata();
    assert.deepEqual([meta.format, meta.width, meta.height], ['jpeg', 800, 600]);
    const { data, info } = await sharp(out).raw().toBuffer({ resolveWithObject: true });
    const px = (x: number, y: number) => Array.from(data.subarray((y * info.width + x) * info.channels, (y * info.width + x) * info.channels + 3));
    const [r, g, b] = px(100, 300); // on the left edge of the box: the plastic colour (green)
    assert.ok(g! > 150 && r! < 80 && b! < 120, `expected a green edge, got ${px(100, 300).join(',')}`);
  });
});
