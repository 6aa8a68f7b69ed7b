/**
 * Parity of the TypeScript detector with the Python reference (ml/detector/reference_infer.py): same model,
 * same input tensor through onnxruntime-node and Python onnxruntime; then preprocessing and the whole pipeline.
 * Needs the detector's Python venv: created by ml/detector/setup.sh when missing (one-off, ~1 min).
 */
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { prepareForModel } from '../../../activities/images/detector/decode-image';
import { detectObjects } from '../../../activities/images/detector/detect';
import { type Box, toInputTensor } from '../../../activities/images/detector/letterbox';
import { DATA_SEED, ensureDetectorPython, runDetectorScript } from '../../../activities/images/detector/ml-python';
import { boxIou, nonMaxSuppression } from '../../../activities/images/detector/nms';
import { DEFAULT_MODEL_PATH, type YoloV5Model, loadYoloV5Model } from '../../../activities/images/detector/session';

interface PyDetection {
  readonly box: [number, number, number, number];
  readonly confidence: number;
  readonly classId: number;
}

/** Bounds of the preprocessing difference (sharp linear vs Pillow bilinear resize), in 0–1 tensor units. */
const PRE_MEAN_BOUND = 0.5 / 255;
const PRE_MAX_BOUND = 12 / 255;

const toBox = (b: readonly number[]): Box => ({ x1: b[0]!, y1: b[1]!, x2: b[2]!, y2: b[3]! });

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  assert.equal(a.length, b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

async function readF32(file: string): Promise<Float32Array> {
  const buf = await readFile(file);
  return new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.length));
}

describe('detector parity with the Python reference', { timeout: 600_000 }, () => {
  let python: string;
  let dir: string;
  let images: string[];
  let model: YoloV5Model;
  const tensors = new Map<string, Float32Array>();

  before(async () => {
    python = await ensureDetectorPython();
    dir = await mkdtemp(path.join(tmpdir(), 'ciao-parity-'));
    // The first images of the synthetic test split (the generator draws each image from its own seed).
    await runDetectorScript('generate_data.py', ['--out', dir, '--seed', String(DATA_SEED), '--train', '0', '--val', '0', '--test', '8'], python);
    const imageDir = path.join(dir, 'test', 'images');
    images = (await readdir(imageDir)).sort().map((n) => path.join(imageDir, n));
    // A copy stored sideways with EXIF orientation 6, shown upright: both sides must undo the rotation.
    const rotated = path.join(dir, 'rotated-exif6.jpg');
    const source = images[1];
    assert.ok(source, 'the generator wrote no images');
    await writeFile(rotated, await sharp(source).rotate(-90).withMetadata({ orientation: 6 }).jpeg({ quality: 92 }).toBuffer());
    images.push(rotated);
    model = await loadYoloV5Model({ modelPath: DEFAULT_MODEL_PATH });
    for (const img of images) {
      const p = await prepareForModel(await readFile(img));
      tensors.set(img, toInputTensor(p.rgb, p.geometry));
    }
  });

  after(async () => {
    await model?.release();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('gives the same raw output and the same boxes for the same input tensor (max abs diff <= 1e-4)', async (t) => {
    const files: string[] = [];
    for (const [i, img] of images.entries()) {
      const f = path.join(dir, `input-${i}.f32`);
      const tensor = tensors.get(img)!;
      await writeFile(f, Buffer.from(tensor.buffer, tensor.byteOffset, tensor.byteLength));
      files.push(f);
    }
    const py = JSON.parse(await runDetectorScript('reference_infer.py', ['raw', '--model', DEFAULT_MODEL_PATH, ...files], python)) as {
      shape: number[];
      detections: PyDetection[];
    }[];
    let worst = 0;
    let boxes = 0;
    for (const [i, img] of images.entries()) {
      const nodeOut = await model.run(tensors.get(img)!);
      const pyOut = await readF32(`${files[i]!}.out`);
      assert.deepEqual(py[i]!.shape, [1, model.rowCount, model.rowLength]);
      const diff = maxAbsDiff(nodeOut, pyOut);
      worst = Math.max(worst, diff);
      assert.ok(diff <= 1e-4, `${path.basename(img)}: max abs diff ${diff}`);
      const ours = nonMaxSuppression(nodeOut, model.rowLength);
      const theirs = py[i]!.detections;
      assert.equal(ours.length, theirs.length, `${path.basename(img)}: number of boxes`);
      ours.forEach((d, k) => {
        const p = theirs[k]!;
        assert.equal(d.classId, p.classId);
        assert.ok(Math.abs(d.confidence - p.confidence) <= 1e-4, `confidence ${d.confidence} vs ${p.confidence}`);
        assert.ok(boxIou(d.box, toBox(p.box)) >= 0.999, `box ${JSON.stringify(d.box)} vs ${p.box.join(',')}`);
      });
      boxes += ours.length;
    }
    assert.ok(boxes > 0, 'the images give boxes to compare (else the comparison above checks nothing)');
    t.diagnostic(`raw output max abs diff ${worst.toExponential(2)} over ${images.length} images; ${boxes} boxes identical`);
  });

  it('preprocesses (decode, EXIF, letterbox, CHW / 255) within the measured bound of the reference', async (t) => {
    const res = JSON.parse(await runDetectorScript('reference_infer.py', ['preprocess', '--out-dir', dir, ...images], python)) as {
      tensor: string;
      new_w: number;
      new_h: number;
      left: number;
      top: number;
    }[];
    let worstMean = 0;
    let worstMax = 0;
    for (const [i, img] of images.entries()) {
      const ours = tensors.get(img)!;
      const p = await prepareForModel(await readFile(img));
      const g = p.geometry;
      assert.deepEqual([g.newWidth, g.newHeight, g.left, g.top], [res[i]!.new_w, res[i]!.new_h, res[i]!.left, res[i]!.top]);
      const theirs = await readF32(res[i]!.tensor);
      let sum = 0;
      let max = 0;
      for (let k = 0; k < ours.length; k++) {
        const d = Math.abs(ours[k]! - theirs[k]!);
        sum += d;
        if (d > max) max = d;
      }
      const mean = sum / ours.length;
      worstMean = Math.max(worstMean, mean);
      worstMax = Math.max(worstMax, max);
      assert.ok(mean <= PRE_MEAN_BOUND, `${path.basename(img)}: mean abs diff ${mean * 255} levels`);
      assert.ok(max <= PRE_MAX_BOUND, `${path.basename(img)}: max abs diff ${max * 255} levels`);
    }
    t.diagnostic(`preprocessing vs Pillow: worst mean ${(worstMean * 255).toFixed(3)} levels, worst max ${(worstMax * 255).toFixed(0)} levels (of 255)`);
  });

  it('finds the same confident objects end to end, in original image pixels', async (t) => {
    const py = JSON.parse(await runDetectorScript('reference_infer.py', ['predict', '--model', DEFAULT_MODEL_PATH, ...images], python)) as Record<
      string,
      PyDetection[]
    >;
    const matched = { TS: 0, Python: 0 };
    let worstIou = 1;
    let worstConf = 0;
    for (const img of images) {
      const ours = (await detectObjects(model, await readFile(img))).detections;
      const theirs = py[img]!;
      // Objects clearly above the 0.5 scoring threshold on one side must be on the other side too.
      const check = (a: readonly { box: Box; confidence: number; classId: number }[], b: readonly { box: Box; confidence: number; classId: number }[], side: keyof typeof matched) => {
        for (const d of a.filter((x) => x.confidence >= 0.55)) {
          const best = b
            .filter((x) => x.classId === d.classId)
            .map((x) => ({ iou: boxIou(d.box, x.box), conf: Math.abs(x.confidence - d.confidence) }))
            .sort((x, y) => y.iou - x.iou)[0];
          assert.ok(best && best.iou >= 0.9, `${path.basename(img)}: ${side} box ${JSON.stringify(d.box)} unmatched`);
          assert.ok(best.conf <= 0.05, `${path.basename(img)}: confidence differs by ${best.conf}`);
          worstIou = Math.min(worstIou, best.iou);
          worstConf = Math.max(worstConf, best.conf);
          matched[side]++;
        }
      };
      const pyDets = theirs.map((d) => ({ ...d, box: toBox(d.box) }));
      check(ours, pyDets, 'TS');
      check(pyDets, ours, 'Python');
    }
    // Without this the loops pass when neither side detects anything.
    assert.ok(matched.TS > 0 && matched.Python > 0, `confident detections matched: ${JSON.stringify(matched)}`);
    t.diagnostic(`${matched.TS} + ${matched.Python} confident detections matched (TS → Python, Python → TS); worst IoU ${worstIou.toFixed(4)}, worst confidence gap ${worstConf.toFixed(4)}`);
  });
});
