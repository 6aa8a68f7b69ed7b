/**
 * A model's figures on a set: mAP@0.5 per class (the same definition as ml/detector/evaluate.py) and the
 * verdict accuracy, through the pipeline users get (decode, letterbox, model, NMS). One detection pass per image
 * serves both: the NMS keeps every box a higher one of its class does not suppress, so the ≥ 0.5 boxes the
 * verdict counts are the ones production keeps.
 */
import { detectObjects } from '../images/detector/detect';
import { type GroundTruth, meanAveragePrecision, type Prediction } from '../images/detector/mean-ap';
import type { DetectorModel } from '../images/detector/session';
import { type EvalSet, setHashOf } from './eval-sets';
import type { SplitMetrics } from './model-record';
import { predictedOutcome, type VerdictOutcome } from '../images/detector/verdict-accuracy';
import { groundTruthVerdict, verdictFigures } from './verdict-accuracy';

/** Options of {@link measureOnSet}. */
export interface MeasureOptions {
  /** Called after each image (for progress / heartbeats). */
  readonly onImage?: (done: number, total: number) => void;
}

/**
 * Measures `model` on every image of `set`.
 * @returns null when the set has no image (an empty split has no figure)
 */
export async function measureOnSet(model: DetectorModel, set: EvalSet, options: MeasureOptions = {}): Promise<SplitMetrics | null> {
  if (set.images.length === 0) return null;
  const classes = model.metadata.classes;
  const predictions: Prediction[][] = [];
  const truths: GroundTruth[][] = [];
  const verdicts: { truth: VerdictOutcome; predicted: VerdictOutcome }[] = [];
  let done = 0;
  for (const image of set.images) {
    const { bytes, truths: boxes } = await image.load();
    const result = await detectObjects(model, bytes, { confThreshold: 0.001, iouThreshold: 0.45 });
    predictions.push(result.detections.map((d) => ({ box: d.box, classId: d.classId, confidence: d.confidence })));
    truths.push(boxes.map((b) => ({ classId: classes.indexOf(b.className), box: b.box })).filter((t) => t.classId >= 0));
    verdicts.push({ truth: groundTruthVerdict(boxes), predicted: predictedOutcome(result.detections) });
    options.onImage?.(++done, set.images.length);
  }
  const { map, apPerClass } = meanAveragePrecision(predictions, truths, classes.length);
  return {
    images: set.images.length,
    map50: map,
    ap50: Object.fromEntries(classes.map((c, i) => [c, apPerClass[i] ?? null])),
    verdict: verdictFigures(verdicts),
    source: set.source,
    setHash: setHashOf(set),
    measuredAt: new Date(),
  };
}
