/**
 * mAP@0.5 and verdict accuracy of a model on a split of a data set in YOLO format (`<split>/images/*.jpg` and
 * `<split>/labels/*.txt` with normalised `class cx cy w h` lines): the synthetic splits, or the real photos
 * of `ml/detector/data/real/`, through the same pipeline users get.
 */
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { detectObjects } from './detect';
import { countConfidentFalsePositives } from './false-positives';
import { type GroundTruth, meanAveragePrecision, type Prediction } from './mean-ap';
import { type DetectorModel } from './session';
import { predictedOutcome, tallyVerdicts, truthOutcome, type VerdictOutcome, type VerdictTally } from './verdict-accuracy';

/** Folder the data generator writes to by default (gitignored). */
export const DEFAULT_DATA_DIR = path.resolve(__dirname, '..', '..', '..', 'ml', 'detector', 'data');

/** Result of {@link evaluateSplit}. */
export interface SplitEvaluation {
  readonly split: string;
  readonly images: number;
  /** mAP at IoU 0.5 over the classes present in the split, 0–1. */
  readonly map50: number;
  /** AP at IoU 0.5 per class name (null when the split has no box of that class). */
  readonly ap50: Readonly<Record<string, number | null>>;
  /** Eco point 1 outcome on the detections against the outcome on the ground truth, per image. */
  readonly verdicts: VerdictTally;
  /** Detections the rule counts (confidence ≥ 0.5) that match no ground-truth box of their class, all images. */
  readonly confidentFalsePositives: number;
  readonly modelVersion: string;
  readonly seconds: number;
}

/** Options of {@link evaluateSplit}. */
export interface EvaluateOptions {
  /** Data set folder. Default {@link DEFAULT_DATA_DIR}. */
  readonly dataDir?: string;
  /** Split name. Default `test`. */
  readonly split?: string;
  /** Confidence threshold of the NMS for mAP (low, to trace the whole curve). Default 0.001. */
  readonly confThreshold?: number;
  /** NMS IoU threshold. Default 0.45, as in production. */
  readonly iouThreshold?: number;
}

/** Parses a YOLO label file into boxes in pixels of a `width` × `height` image. */
export function parseYoloLabels(text: string, width: number, height: number): GroundTruth[] {
  const out: GroundTruth[] = [];
  for (const line of text.split('\n')) {
    const f = line.trim().split(/\s+/).map(Number);
    if (f.length !== 5 || f.some((v) => !Number.isFinite(v))) continue;
    const [c, cx, cy, w, h] = f as [number, number, number, number, number];
    const [px, py, pw, ph] = [cx * width, cy * height, w * width, h * height];
    out.push({ classId: c, box: { x1: px - pw / 2, y1: py - ph / 2, x2: px + pw / 2, y2: py + ph / 2 } });
  }
  return out;
}

/**
 * Runs `model` over every image of a split and computes mAP@0.5.
 * @throws Error when the split folder is missing; EcoPointError from the detector
 */
export async function evaluateSplit(model: DetectorModel, options: EvaluateOptions = {}): Promise<SplitEvaluation> {
  const dataDir = options.dataDir ?? DEFAULT_DATA_DIR;
  const split = options.split ?? 'test';
  const imageDir = path.join(dataDir, split, 'images');
  const names = (await readdir(imageDir)).filter((n) => /\.(jpe?g|png|webp)$/i.test(n)).sort();
  const started = performance.now();
  const predictions: Prediction[][] = [];
  const truths: GroundTruth[][] = [];
  const outcomes: { truth: VerdictOutcome; predicted: VerdictOutcome }[] = [];
  let confidentFalsePositives = 0;
  for (const name of names) {
    const image = await readFile(path.join(imageDir, name));
    // Labels refer to the image as displayed (EXIF orientation applied), as the detector's boxes do.
    const { width: w = 0, height: h = 0, orientation = 1 } = await sharp(image).metadata();
    const [width, height] = orientation >= 5 ? [h, w] : [w, h];
    const labelFile = path.join(dataDir, split, 'labels', name.replace(/\.[^.]+$/, '.txt'));
    truths.push(parseYoloLabels(await readFile(labelFile, 'utf8'), width, height));
    const result = await detectObjects(model, image, {
      confThreshold: options.confThreshold ?? 0.001,
      iouThreshold: options.iouThreshold ?? 0.45,
    });
    predictions.push(result.detections.map((d) => ({ box: d.box, classId: d.classId, confidence: d.confidence })));
    confidentFalsePositives += countConfidentFalsePositives(predictions[predictions.length - 1]!, truths[truths.length - 1]!);
    // NMS keeps the same boxes at or above the rule's 0.5 whatever lower threshold it ran with.
    outcomes.push({ truth: truthOutcome(truths[truths.length - 1]!, model.metadata.classes), predicted: predictedOutcome(result.detections) });
  }
  const classes = model.metadata.classes;
  const { map, apPerClass } = meanAveragePrecision(predictions, truths, classes.length);
  return {
    split,
    images: names.length,
    map50: map,
    ap50: Object.fromEntries(classes.map((c, i) => [c, apPerClass[i] ?? null])),
    verdicts: tallyVerdicts(outcomes),
    confidentFalsePositives,
    modelVersion: model.metadata.version,
    seconds: (performance.now() - started) / 1000,
  };
}
