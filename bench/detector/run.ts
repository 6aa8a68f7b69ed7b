/**
 * Detector benchmark (figures, not a timed test): per-image latency of decode + preprocess + inference + NMS at
 * a 640 x 640 input, onnxruntime-node against Python onnxruntime (ml/detector/reference_infer.py) on the same
 * model and images in the same run, and throughput with 2 concurrent requests. Writes the "Detector" section
 * of bench/RESULTS.md.
 *
 *   node --import tsx bench/detector/run.ts [--runs 80] [--images 20] [--no-write]
 */
import { execFileSync } from 'node:child_process';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { detectObjects } from '../../activities/images/detector/detect';
import { DEFAULT_DATA_DIR } from '../../activities/images/detector/evaluate-split';
import { ensureDetectorPython, ensureTestSplit, runDetectorScript } from '../../activities/images/detector/ml-python';
import { DEFAULT_MODEL_PATH, type YoloV5Model, loadYoloV5Model } from '../../activities/images/detector/session';

const RESULTS = path.resolve(__dirname, '..', 'RESULTS.md');

function percentile(sorted: readonly number[], p: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

function summary(ms: readonly number[]): { p50: number; p95: number; n: number } {
  const s = [...ms].sort((a, b) => a - b);
  return { p50: percentile(s, 50), p95: percentile(s, 95), n: s.length };
}

async function timeNode(model: YoloV5Model, blobs: readonly Buffer[], runs: number, warmup: number): Promise<number[]> {
  for (let k = 0; k < warmup; k++) await detectObjects(model, blobs[k % blobs.length]!);
  const times: number[] = [];
  for (let k = 0; k < runs; k++) {
    const t0 = performance.now();
    await detectObjects(model, blobs[k % blobs.length]!);
    times.push(performance.now() - t0);
  }
  return times;
}

async function throughput(model: YoloV5Model, blobs: readonly Buffer[], total: number, concurrency: number): Promise<number> {
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const k = next++;
        await detectObjects(model, blobs[k % blobs.length]!);
      }
    }),
  );
  return total / ((performance.now() - t0) / 1000);
}

/** The range of the images' sizes as measured, e.g. `640×360 to 1024×768` (by pixel count). */
async function imageSizes(blobs: readonly Buffer[]): Promise<string> {
  const dims = await Promise.all(blobs.map(async (b) => {
    const { width = 0, height = 0 } = await sharp(b).metadata();
    return { width, height };
  }));
  dims.sort((a, b) => a.width * a.height - b.width * b.height);
  const label = (d: { width: number; height: number } | undefined): string => (d ? `${d.width}×${d.height}` : '?');
  const [smallest, largest] = [dims[0], dims[dims.length - 1]];
  return label(smallest) === label(largest) ? label(smallest) : `${label(smallest)} to ${label(largest)}`;
}

function machine(): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  let load = os.loadavg().map((l) => l.toFixed(2)).join(' / ');
  try {
    load += `; ${execFileSync('nproc', { encoding: 'utf8' }).trim()} cores available`;
  } catch {
    // nproc missing: keep the load only
  }
  return `${cpu}, ${os.cpus().length} logical CPUs, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.type()} ${os.release()}; Node ${process.version}; load average at start ${load}`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string', default: '80' },
      images: { type: 'string', default: '20' },
      'no-write': { type: 'boolean', default: false },
    },
  });
  const runs = Number(values.runs);
  const nImages = Number(values.images);
  if (!(runs > 0 && nImages > 0)) throw new Error('--runs and --images must be positive numbers');

  const python = await ensureDetectorPython();
  await ensureTestSplit(DEFAULT_DATA_DIR);
  const imageDir = path.join(DEFAULT_DATA_DIR, 'test', 'images');
  const files = (await readdir(imageDir)).sort().slice(0, nImages).map((n) => path.join(imageDir, n));
  const blobs = await Promise.all(files.map((f) => readFile(f)));
  const sizes = await imageSizes(blobs);
  const model = await loadYoloV5Model({ modelPath: DEFAULT_MODEL_PATH });
  const ROUNDS = 4;
  const perRound = Math.ceil(runs / ROUNDS);
  const pyBench = async (): Promise<number[]> =>
    (JSON.parse(await runDetectorScript('reference_infer.py', ['bench', '--model', DEFAULT_MODEL_PATH, '--runs', String(perRound), ...files], python)) as { ms: number[] }).ms;

  const ortNode = (JSON.parse(await readFile(require.resolve('onnxruntime-node/package.json'), 'utf8')) as { version: string }).version;
  const ortPy = execFileSync(python, ['-c', 'import onnxruntime; print(onnxruntime.__version__)'], { encoding: 'utf8' }).trim();
  const header = machine();
  console.log(header);
  // Interleaved rounds (A/B/A/B…) so that load from other work on the machine hits both sides alike.
  const nodeMs: number[] = [];
  const pyMs: number[] = [];
  const roundRatios: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const a = await timeNode(model, blobs, perRound, 3);
    const b = await pyBench();
    nodeMs.push(...a);
    pyMs.push(...b);
    roundRatios.push(summary(a).p50 / summary(b).p50);
  }
  const n = summary(nodeMs);
  const p = summary(pyMs);
  const seq = await throughput(model, blobs, 40, 1);
  const conc = await throughput(model, blobs, 40, 2);
  await model.release();

  const rows = [
    `| TypeScript (onnxruntime-node, sharp) | ${n.p50.toFixed(1)} | ${n.p95.toFixed(1)} | ${n.n} |`,
    `| Python (onnxruntime, Pillow, numpy) | ${p.p50.toFixed(1)} | ${p.p95.toFixed(1)} | ${p.n} |`,
  ];
  const ratio50 = n.p50 / p.p50;
  const ratio95 = n.p95 / p.p95;
  const section = [
    '## Detector',
    '',
    `Run ${new Date().toISOString()} with \`node --import tsx bench/detector/run.ts\` (${runs} timed calls per side, ${files.length} synthetic test images of ${sizes}, model ${path.relative(path.resolve(__dirname, '..', '..'), DEFAULT_MODEL_PATH)} v${model.metadata.version}, ${model.rowCount} rows).`,
    '',
    `Machine: ${header}; onnxruntime-node ${ortNode}, Python onnxruntime ${ortPy}, default thread settings on both sides. The machine is shared with other work, so absolute figures move between runs; the two sides run interleaved, ${ROUNDS} rounds each, to share that noise.`,
    '',
    'Per image, encoded bytes in memory → detections in original pixels (decode + EXIF + letterbox to 640×640 + CHW/255 + inference + NMS):',
    '',
    '| pipeline | p50 ms | p95 ms | calls |',
    '|---|---|---|---|',
    ...rows,
    '',
    `Ratio TypeScript / Python: p50 ${ratio50.toFixed(2)}, p95 ${ratio95.toFixed(2)} (target ≤ 1.1); p50 ratio per round: ${roundRatios.map((r) => r.toFixed(2)).join(', ')}.`,
    '',
    `Throughput (TypeScript, one shared session): ${seq.toFixed(1)} images/s with 1 request at a time, ${conc.toFixed(1)} images/s with 2 concurrent requests.`,
    '',
  ].join('\n');
  console.log(section);
  if (!values['no-write']) await writeSection(section);
}

/** Replaces (or appends) the "## Detector" section of bench/RESULTS.md, leaving other sections alone. */
async function writeSection(section: string): Promise<void> {
  let text = '';
  try {
    text = await readFile(RESULTS, 'utf8');
  } catch {
    text = '# Benchmark results\n\n';
  }
  const start = text.indexOf('## Detector');
  if (start < 0) {
    text = `${text.trimEnd()}\n\n${section}`;
  } else {
    const rest = text.slice(start + 1);
    const nextRel = rest.search(/\n## /);
    const end = nextRel < 0 ? text.length : start + 1 + nextRel + 1;
    text = `${text.slice(0, start)}${section}${end < text.length ? '\n' + text.slice(end) : ''}`;
  }
  await writeFile(RESULTS, text.endsWith('\n') ? text : `${text}\n`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
