/**
 * Confident false positives: detections the eco point rule would count (confidence ≥ 0.5) that match no
 * ground-truth box of their class (IoU ≥ 0.5, each truth matched once) — "labels seen on bare ground". On
 * photos without any bottle, where mAP says nothing, this is what goes wrong. Pure: no I/O.
 */
import { type GroundTruth, type Prediction } from './mean-ap';
import { boxIou } from './nms';
import { SCORE_MIN_CONFIDENCE } from './scoring';

/**
 * Counts, over one image, the confident predictions that match no ground truth of their class.
 * @param minConfidence - predictions below it are ignored (default {@link SCORE_MIN_CONFIDENCE})
 * @param iouThreshold - minimum IoU of a match (default 0.5)
 */
export function countConfidentFalsePositives(
  predictions: readonly Prediction[],
  truths: readonly GroundTruth[],
  minConfidence: number = SCORE_MIN_CONFIDENCE,
  iouThreshold = 0.5,
): number {
  const used = new Uint8Array(truths.length);
  let unmatched = 0;
  const confident = predictions.filter((p) => p.confidence >= minConfidence).sort((a, b) => b.confidence - a.confidence);
  for (const p of confident) {
    let best = -1;
    let bestIou = iouThreshold;
    truths.forEach((t, j) => {
      if (used[j] || t.classId !== p.classId) return;
      const v = boxIou(p.box, t.box);
      if (v >= bestIou) {
        bestIou = v;
        best = j;
      }
    });
    if (best >= 0) used[best] = 1;
    else unmatched++;
  }
  return unmatched;
}
