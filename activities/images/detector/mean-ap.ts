/**
 * mAP@0.5, defined exactly as ml/detector/evaluate.py computes it: per class, detections in descending
 * confidence each take the unmatched ground-truth box of that class with the highest IoU ≥ the threshold;
 * AP = area under the precision envelope sampled at 101 recall points (YOLOv5's `compute_ap`, trapezoids);
 * mAP = mean over the classes that have ground truth.
 */
import { type Box } from './letterbox';
import { boxIou } from './nms';

/** A ground-truth box. */
export interface GroundTruth {
  readonly box: Box;
  readonly classId: number;
}

/** A predicted box with its confidence. */
export interface Prediction extends GroundTruth {
  readonly confidence: number;
}

/** mAP and the AP of each class (null for a class without ground truth). */
export interface MeanApResult {
  readonly map: number;
  readonly apPerClass: readonly (number | null)[];
}

/** AP from a recall/precision curve: precision envelope, 101-point interpolation, trapezoidal integration. */
export function averagePrecision(recall: readonly number[], precision: readonly number[]): number {
  const mrec = [0, ...recall, 1];
  const mpre = [1, ...precision, 0];
  for (let i = mpre.length - 2; i >= 0; i--) mpre[i] = Math.max(mpre[i]!, mpre[i + 1]!);
  const last = mrec.length - 1;
  // numpy.interp on a non-decreasing mrec: linear between the rightmost point <= x and the next one.
  const interp = (x: number): number => {
    if (x < mrec[0]!) return mpre[0]!;
    if (x >= mrec[last]!) return mpre[last]!;
    let lo = 0;
    let hi = last;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (mrec[mid]! <= x) lo = mid;
      else hi = mid;
    }
    const slope = (mpre[lo + 1]! - mpre[lo]!) / (mrec[lo + 1]! - mrec[lo]!);
    return slope * (x - mrec[lo]!) + mpre[lo]!;
  };
  let ap = 0;
  let prevX = 0;
  let prevY = interp(0);
  for (let k = 1; k <= 100; k++) {
    const x = k / 100;
    const y = interp(x);
    ap += ((y + prevY) / 2) * (x - prevX);
    prevX = x;
    prevY = y;
  }
  return ap;
}

/**
 * Computes mAP at an IoU threshold over a set of images.
 * @param predictions - per image, its predictions
 * @param truths - per image, its ground-truth boxes (same order as `predictions`)
 * @param classCount - number of classes
 * @param iouThreshold - minimum IoU of a true positive (default 0.5)
 */
export function meanAveragePrecision(
  predictions: readonly (readonly Prediction[])[],
  truths: readonly (readonly GroundTruth[])[],
  classCount: number,
  iouThreshold = 0.5,
): MeanApResult {
  if (predictions.length !== truths.length) {
    throw new RangeError(`${predictions.length} prediction lists for ${truths.length} images`);
  }
  const apPerClass: (number | null)[] = [];
  for (let c = 0; c < classCount; c++) {
    const dets: { conf: number; image: number; box: Box }[] = [];
    predictions.forEach((ps, image) => {
      for (const p of ps) if (p.classId === c) dets.push({ conf: p.confidence, image, box: p.box });
    });
    dets.sort((a, b) => b.conf - a.conf);
    const gts = truths.map((ts) => ts.filter((t) => t.classId === c).map((t) => t.box));
    const nGt = gts.reduce((n, g) => n + g.length, 0);
    if (nGt === 0) {
      apPerClass.push(null);
      continue;
    }
    const used = gts.map((g) => new Uint8Array(g.length));
    const recall: number[] = [];
    const precision: number[] = [];
    let tp = 0;
    dets.forEach((d, k) => {
      let best = iouThreshold;
      let bestJ = -1;
      const g = gts[d.image]!;
      for (let j = 0; j < g.length; j++) {
        if (used[d.image]![j]) continue;
        const v = boxIou(d.box, g[j]!);
        if (v >= best) {
          best = v;
          bestJ = j;
        }
      }
      if (bestJ >= 0) {
        used[d.image]![bestJ] = 1;
        tp++;
      }
      recall.push(tp / nGt);
      precision.push(tp / (k + 1));
    });
    apPerClass.push(dets.length ? averagePrecision(recall, precision) : 0);
  }
  const valid = apPerClass.filter((a): a is number => a !== null);
  return { map: valid.length ? valid.reduce((s, a) => s + a, 0) / valid.length : 0, apPerClass };
}
