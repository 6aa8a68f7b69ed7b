/**
 * Stage 1 of the two-stage detector, its pure parts: the SSD's boxes after NMS, kept as bottle-like or cup-like
 * candidates, and the mapping of the SSD's score onto the project's confidence scale. No I/O.
 */
import { type RawDetection, boxIou } from '../nms';

/** Index of the bottle-like output group of stage 1. */
export const BOTTLE_GROUP = 0;
/** Index of the cup-like output group of stage 1 (mug, coffee cup: never countable). */
export const CUP_GROUP = 1;

/**
 * Maps an SSD score onto the project's confidence scale, so that the eco point rule's threshold (0.5) means
 * "stage 1 is sure enough": `accept` ↦ 0.5, 0 ↦ 0, 1 ↦ 1, linear on both sides. Monotonic, so mAP is unchanged.
 * @param accept - SSD score that counts as a sure detection, in (0, 1)
 */
export function calibrateScore(score: number, accept: number): number {
  if (!(accept > 0 && accept < 1)) throw new RangeError(`accept must be in (0, 1), got ${accept}`);
  const s = Math.min(Math.max(score, 0), 1);
  return s < accept ? (0.5 * s) / accept : 0.5 + (0.5 * (s - accept)) / (1 - accept);
}

/**
 * Drops a detection when a more confident one of the other group covers it (IoU > `iouThreshold`): the SSD
 * sometimes calls one object both Bottle and Mug; the per-group NMS keeps both.
 * @param detections - most confident first
 */
export function suppressAcrossGroups(detections: readonly RawDetection[], iouThreshold: number): RawDetection[] {
  const kept: RawDetection[] = [];
  for (const d of detections) {
    if (kept.some((k) => k.classId !== d.classId && boxIou(k.box, d.box) > iouThreshold)) continue;
    kept.push(d);
  }
  return kept;
}
