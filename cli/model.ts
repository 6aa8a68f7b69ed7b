/**
 * `ciao model …`: the eco point detector from the command line, for a model of any format (`yolov5-onnx`,
 * `ssd-two-stage`: the metadata JSON beside the model says which) — `predict` on a photo, `eval-file` on a model
 * outside the registry, and the registry's `list | promote | rollback | register | eval`
 * (cli/model-registry-commands.ts).
 */
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { annotateImage } from '../activities/images/detector/annotate';
import { detectObjects } from '../activities/images/detector/detect';
import { DEFAULT_DATA_DIR, evaluateSplit, type SplitEvaluation } from '../activities/images/detector/evaluate-split';
import { ensureTestSplit } from '../activities/images/detector/ml-python';
import { scoreEcoPoint1 } from '../activities/images/detector/scoring';
import { DEFAULT_MODEL_PATH, loadDetectorModel } from '../activities/images/detector/session';
import { ensureTwoStageModel, TWO_STAGE_MODEL_PATH } from '../activities/images/detector/two-stage/ensure-files';
import { isTwoStageModel } from '../activities/images/detector/two-stage/two-stage-model';
import { VERDICT_OUTCOMES } from '../activities/images/detector/verdict-accuracy';

/** `--model two-stage` names the two-stage model (its files are built on first use). */
const TWO_STAGE_ALIAS = 'two-stage';

/** Resolves `--model`: a file, or the `two-stage` alias (building its files when missing). */
async function modelPathOf(option: string | undefined): Promise<string> {
  if (option === TWO_STAGE_ALIAS || (option !== undefined && path.resolve(option) === TWO_STAGE_MODEL_PATH)) {
    return ensureTwoStageModel();
  }
  return option ?? DEFAULT_MODEL_PATH;
}
import { registerModelRegistryCommands } from './model-registry-commands';

function probability(name: string, value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || n > 1) throw new Error(`${name} must be a number between 0 and 1, got "${value}"`);
  return n;
}

/** Options of `ciao model eval-file`. */
export interface ModelEvalOptions {
  readonly model?: string;
  readonly metadata?: string;
  readonly data?: string;
  /** Splits to measure, comma-separated. Default `test,real` (`real` when its folder exists). */
  readonly split?: string;
  /** Print the full results as JSON too. */
  readonly json?: boolean;
}

/** The splits `ciao model eval` measures by default: the synthetic test split, and the real photos. */
export const DEFAULT_EVAL_SPLITS = 'test,real';

function printEvaluation(res: SplitEvaluation, format: string): void {
  const per = Object.entries(res.ap50)
    .map(([c, ap]) => `${c} ${ap === null ? '-' : ap.toFixed(3)}`)
    .join(', ');
  const map = Object.values(res.ap50).every((ap) => ap === null) ? 'n/a (no true boxes)' : res.map50.toFixed(3);
  console.log(`${res.split}: mAP@0.5 ${map} on ${res.images} images (${per}); model ${res.modelVersion} (${format}), ${res.seconds.toFixed(1)}s`);
  const v = res.verdicts;
  const rows = VERDICT_OUTCOMES.map((t) => `${t} → ${VERDICT_OUTCOMES.map((p) => `${p} ${v.confusion[t][p]}`).join(', ')}`);
  console.log(`${res.split}: verdict accuracy ${(100 * v.accuracy).toFixed(1)} % on ${v.images} images (truth → predicted: ${rows.join('; ')})`);
  console.log(`${res.split}: confident false positives (≥ 0.5, matching no true box): ${res.confidentFalsePositives} on ${res.images} images`);
}

/**
 * Runs `ciao model eval-file`: mAP@0.5, verdict accuracy and confident false positives of a model outside the
 * registry on each split (the synthetic test split is generated if missing; by default the real photos are
 * measured beside it). Nothing is recorded.
 */
export async function runModelEval(options: ModelEvalOptions = {}): Promise<void> {
  const dataDir = path.resolve(options.data ?? DEFAULT_DATA_DIR);
  const asked = (options.split ?? DEFAULT_EVAL_SPLITS).split(',').map((x) => x.trim()).filter(Boolean);
  const splits: string[] = [];
  for (const split of asked) {
    // The default list skips a real split that is not there; a split asked for by name must exist.
    if (options.split === undefined && split === 'real' && !existsSync(path.join(dataDir, split, 'images'))) continue;
    splits.push(split);
  }
  if (splits.includes('test') && options.data === undefined) await ensureTestSplit(dataDir);
  const model = await loadDetectorModel({ modelPath: await modelPathOf(options.model), metadataPath: options.metadata });
  try {
    const results: SplitEvaluation[] = [];
    for (const split of splits) results.push(await evaluateSplit(model, { dataDir, split }));
    if (options.json) console.log(JSON.stringify(results, null, 2));
    for (const res of results) printEvaluation(res, model.metadata.format);
  } finally {
    await model.release();
  }
}

/** Options of `ciao model predict`. */
export interface ModelPredictOptions {
  readonly out?: string;
  readonly model?: string;
  readonly metadata?: string;
  readonly conf?: number;
  readonly iou?: number;
}

/** Runs `ciao model predict`: detections and the eco point 1 verdict as JSON, optionally an annotated copy. */
export async function runModelPredict(imagePath: string, options: ModelPredictOptions = {}): Promise<void> {
  const image = await readFile(imagePath);
  const model = await loadDetectorModel({ modelPath: await modelPathOf(options.model), metadataPath: options.metadata });
  try {
    const result = await detectObjects(model, image, {
      confThreshold: options.conf ?? 0.25,
      iouThreshold: options.iou ?? 0.45,
    });
    const verdict = scoreEcoPoint1(result.detections);
    // A two-stage model also tells what its stage 1 saw (bottles, cups), before the plastic / label decision.
    const stageOne = isTwoStageModel(model) ? await model.stageOne(image) : undefined;
    if (options.out) {
      const out = path.resolve(options.out);
      await writeFile(out, await annotateImage(image, result.detections, { format: /\.png$/i.test(out) ? 'png' : 'jpeg' }));
    }
    console.log(JSON.stringify({ image: imagePath, ...result, verdict, ...(stageOne ? { stageOne } : {}), annotated: options.out ?? null }, null, 2));
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
    .description('a model outside the registry (a file, or "two-stage"): mAP@0.5, verdict accuracy and confident false positives on the synthetic test split (drawn with the training seed if missing) and the real photos (ml/detector/data/real); nothing is recorded')
    .option('--model <file>', `ONNX model, or "${TWO_STAGE_ALIAS}" for the two-stage detector`, DEFAULT_MODEL_PATH)
    .option('--metadata <file>', 'metadata JSON (default: the model path with .json)')
    .option('--data <dir>', `data set folder (default ${path.relative(process.cwd(), DEFAULT_DATA_DIR)})`)
    .option('--split <names>', 'splits to measure, comma-separated', DEFAULT_EVAL_SPLITS)
    .option('--json', 'also print the full results as JSON')
    .action(async (opts: ModelEvalOptions) => {
      await runModelEval(opts);
    });

  model
    .command('predict')
    .argument('<image>', 'photo to analyse (JPEG, PNG, WebP, …)')
    .option('--out <file>', 'write a copy with the boxes drawn (.jpg or .png)')
    .option('--model <file>', `ONNX model, or "${TWO_STAGE_ALIAS}" for the two-stage detector`, DEFAULT_MODEL_PATH)
    .option('--metadata <file>', 'metadata JSON (default: the model path with .json)')
    .option('--conf <p>', 'confidence threshold of the NMS', (v) => probability('--conf', v), 0.25)
    .option('--iou <p>', 'IoU threshold of the NMS', (v) => probability('--iou', v), 0.45)
    .description('detect bottles, labels and cans; print detections and the eco point verdict as JSON')
    .action(async (image: string, opts: ModelPredictOptions) => {
      await runModelPredict(image, opts);
    });
}
