/**
 * `ciao model …`: the eco point detector from the command line — `predict` on a photo, `eval-file` on an ONNX
 * file outside the registry, and the registry's `list | promote | rollback | register | eval`
 * (cli/model-registry-commands.ts).
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { annotateImage } from '../activities/images/detector/annotate';
import { detectObjects } from '../activities/images/detector/detect';
import { DEFAULT_DATA_DIR, evaluateSplit } from '../activities/images/detector/evaluate-split';
import { ensureTestSplit } from '../activities/images/detector/ml-python';
import { scoreEcoPoint1 } from '../activities/images/detector/scoring';
import { DEFAULT_MODEL_PATH, loadDetectorModel } from '../activities/images/detector/session';
import { registerModelRegistryCommands } from './model-registry-commands';

function probability(name: string, value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || n > 1) throw new Error(`${name} must be a number between 0 and 1, got "${value}"`);
  return n;
}

/** Options of `ciao model eval-file`. */
export interface ModelEvalOptions {
  readonly model?: string;
  readonly data?: string;
  readonly split?: string;
}

/** Runs `ciao model eval-file`: mAP@0.5 of an ONNX file on a split (the synthetic test split is generated if missing); nothing recorded. */
export async function runModelEval(options: ModelEvalOptions = {}): Promise<void> {
  const dataDir = path.resolve(options.data ?? DEFAULT_DATA_DIR);
  const split = options.split ?? 'test';
  if (split === 'test' && options.data === undefined) await ensureTestSplit(dataDir);
  const model = await loadDetectorModel({ modelPath: options.model ?? DEFAULT_MODEL_PATH });
  try {
    const res = await evaluateSplit(model, { dataDir, split });
    console.log(JSON.stringify(res, null, 2));
    const per = Object.entries(res.ap50)
      .map(([c, ap]) => `${c} ${ap === null ? '-' : ap.toFixed(3)}`)
      .join(', ');
    console.log(
      `mAP@0.5 ${res.map50.toFixed(3)} on ${res.images} ${split} images (${per}); model ${res.modelVersion}, ${res.seconds.toFixed(1)}s`,
    );
  } finally {
    await model.release();
  }
}

/** Options of `ciao model predict`. */
export interface ModelPredictOptions {
  readonly out?: string;
  readonly model?: string;
  readonly conf?: number;
  readonly iou?: number;
}

/** Runs `ciao model predict`: detections and the eco point 1 verdict as JSON, optionally an annotated copy. */
export async function runModelPredict(imagePath: string, options: ModelPredictOptions = {}): Promise<void> {
  const image = await readFile(imagePath);
  const model = await loadDetectorModel({ modelPath: options.model ?? DEFAULT_MODEL_PATH });
  try {
    const result = await detectObjects(model, image, {
      confThreshold: options.conf ?? 0.25,
      iouThreshold: options.iou ?? 0.45,
    });
    const verdict = scoreEcoPoint1(result.detections);
    if (options.out) {
      const out = path.resolve(options.out);
      await writeFile(out, await annotateImage(image, result.detections, { format: /\.png$/i.test(out) ? 'png' : 'jpeg' }));
    }
    console.log(JSON.stringify({ image: imagePath, ...result, verdict, annotated: options.out ?? null }, null, 2));
  } finally {
    await model.release();
  }
}

/** Adds the `model` command group to the `ciao` program. */
export function registerModelCommands(program: Command): void {
  const model = program.command('model').description('the eco point detector (plastic / label / can) and its registry');
  registerModelRegistryCommands(model);

  model
    .command('eval-file')
    .description('mAP@0.5 of an ONNX file outside the registry on a synthetic split (drawn with the training seed if missing); nothing is recorded')
    .option('--model <file>', 'ONNX model', DEFAULT_MODEL_PATH)
    .option('--data <dir>', `data set folder (default ${path.relative(process.cwd(), DEFAULT_DATA_DIR)})`)
    .option('--split <name>', 'split to measure', 'test')
    .action(async (opts: ModelEvalOptions) => {
      await runModelEval(opts);
    });

  model
    .command('predict')
    .argument('<image>', 'photo to analyse (JPEG, PNG, WebP, …)')
    .option('--out <file>', 'write a copy with the boxes drawn (.jpg or .png)')
    .option('--model <file>', 'ONNX model', DEFAULT_MODEL_PATH)
    .option('--conf <p>', 'confidence threshold of the NMS', (v) => probability('--conf', v), 0.25)
    .option('--iou <p>', 'IoU threshold of the NMS', (v) => probability('--iou', v), 0.45)
    .description('detect bottles, labels and cans; print detections and the eco point verdict as JSON')
    .action(async (image: string, opts: ModelPredictOptions) => {
      await runModelPredict(image, opts);
    });
}
