/**
 * Two-stage detector vs the YOLOv5-layout model (figures, not a timed test): per-image latency, bytes in memory
 * → detections in displayed pixels, on synthetic test images and on 12 MP phone-sized JPEGs (4032 × 3024, made
 * from the real photo skimage-coffee.png and a synthetic render, upscaled), interleaved A/B so that other load
 * hits both alike. Writes the "Detector: two-stage" section of bench/RESULTS.md.
 *
 *   node --import tsx bench/detector/two-stage.ts [--runs 20] [--no-write]
 */
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { type DetectionResult, detectObjects } from '../../activities/images/detector/detect';
import { DEFAULT_DATA_DIR } from '../../activities/images/detector/evaluate-split';
import { ensureTestSplit } from '../../activities/images/detector/ml-python';
import { DEFAULT_MODEL_PATH, type DetectorModel, loadDetectorModel } from '../../activities/images/detector/session';
import { ensureTwoStageModel } from '../../activities/images/detector/two-stage/ensure-files';
import { machineFacts } from '../support/machine';
import { writeResultsSection } from '../support/results';

const HEADING = '## Detector: two-stage';

interface Timing {
  readonly total: number;
  readonly stages: DetectionResult['timingsMs'];
}

function percentile(values: readonly number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}

async function time(model: DetectorModel, blobs: readonly Buffer[], runs: number): Promise<Timing[]> {
  await detectObjects(model, blobs[0]!); // warm-up
  const out: Timing[] = [];
  for (let k = 0; k < runs; k++) {
    const t0 = performance.now();
    const r = await detectObjects(model, blobs[k % blobs.length]!);
    out.push({ total: performance.now() - t0, stages: r.timingsMs });
  }
  return out;
}

function row(name: string, images: string, t: readonly Timing[]): string {
  const med = (f: (x: Timing) => number): string => percentile(t.map(f), 50).toFixed(0);
  return `| ${name} | ${images} | ${percentile(t.map((x) => x.total), 50).toFixed(0)} | ${percentile(t.map((x) => x.total), 95).toFixed(0)} | ${med((x) => x.stages.preprocess)} / ${med((x) => x.stages.inference)} / ${med((x) => x.stages.postprocess)} | ${t.length} |`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { runs: { type: 'string', default: '20' }, 'no-write': { type: 'boolean', default: false } } });
  const runs = Number(values.runs);
  if (!(runs > 0)) throw new Error('--runs must be a positive number');
  await ensureTestSplit(DEFAULT_DATA_DIR);
  const testDir = path.join(DEFAULT_DATA_DIR, 'test', 'images');
  const synthetic = await Promise.all((await readdir(testDir)).sort().slice(0, 10).map((n) => readFile(path.join(testDir, n))));
  // Upscaled pictures are smooth and decode unusually fast; sensor-like noise gives a phone photo's 4–6 MB.
  const upscale = async (b: Buffer): Promise<Buffer> => {
    const { data, info } = await sharp(b).removeAlpha().resize(4032, 3024, { fit: 'fill' }).raw().toBuffer({ resolveWithObject: true });
    let seed = 12345;
    for (let i = 0; i < data.length; i++) {
      seed = (seed * 1103515245 + 12345) >>> 0;
      data[i] = Math.min(255, Math.max(0, data[i]! + ((seed >>> 16) % 25) - 12));
    }
    return sharp(data, { raw: { width: info.width, height: info.height, channels: 3 } }).jpeg({ quality: 92 }).toBuffer();
  };
  const real = await readFile(path.join(DEFAULT_DATA_DIR, 'real', 'images', 'skimage-coffee.png'));
  const big = [await upscale(real), await upscale(synthetic[0]!)];
  const sizes = big.map((b) => `${(b.length / 1e6).toFixed(1)} MB`).join(' and ');
  const old = await loadDetectorModel({ modelPath: DEFAULT_MODEL_PATH });
  const twoPath = await ensureTwoStageModel();
  const two = await loadDetectorModel({ modelPath: twoPath });
  const lr = await loadDetectorModel({ modelPath: twoPath, metadataPath: path.join(path.dirname(twoPath), 'detector-classifier.json') });
  const results: Record<string, Timing[]> = { oldSyn: [], twoSyn: [], lrSyn: [], oldBig: [], twoBig: [], lrBig: [] };
  const rounds = 2;
  for (let r = 0; r < rounds; r++) {
    results.oldSyn!.push(...(await time(old, synthetic, Math.ceil(runs / rounds))));
    results.twoSyn!.push(...(await time(two, synthetic, Math.ceil(runs / rounds))));
    results.lrSyn!.push(...(await time(lr, synthetic, Math.ceil(runs / rounds))));
    results.oldBig!.push(...(await time(old, big, Math.ceil(runs / rounds))));
    results.twoBig!.push(...(await time(two, big, Math.ceil(runs / rounds))));
    results.lrBig!.push(...(await time(lr, big, Math.ceil(runs / rounds))));
  }
  const section = [
    HEADING,
    '',
    ...machineFacts('the machine is shared with other engineers\' work'),
    '',
    `\`node --import tsx bench/detector/two-stage.ts --runs ${runs}\`: one request at a time, default onnxruntime threads, ${rounds} interleaved rounds. YOLOv5-layout model ${old.metadata.version} (640² letterbox) against two-stage ${two.metadata.version} (SSD 300², rules with the text detector on each bottle crop) and ${lr.metadata.version} (SSD 300², classifier: one more SSD run per bottle crop, no text detector). Stages: for YOLOv5 decode+letterbox / inference / NMS; for two-stage decode to the ≤ 1024 px working copy / SSD runs + text detector / rules.`,
    '',
    '| model | images | p50 ms | p95 ms | median stages ms | calls |',
    '|---|---|---|---|---|---|',
    row('YOLOv5 layout (models/detector)', '10 synthetic, 640–1024 px', results.oldSyn!),
    row('two-stage, rules (detector.json)', '10 synthetic, 640–1024 px', results.twoSyn!),
    row('two-stage, classifier (detector-classifier.json)', '10 synthetic, 640–1024 px', results.lrSyn!),
    row('YOLOv5 layout (models/detector)', `2 JPEGs 4032×3024 (12 MP, ${sizes})`, results.oldBig!),
    row('two-stage, rules (detector.json)', `2 JPEGs 4032×3024 (12 MP, ${sizes})`, results.twoBig!),
    row('two-stage, classifier (detector-classifier.json)', `2 JPEGs 4032×3024 (12 MP, ${sizes})`, results.lrBig!),
    '',
  ].join('\n');
  await old.release();
  await two.release();
  await lr.release();
  console.log(section);
  if (!values['no-write']) await writeResultsSection(HEADING, section);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
