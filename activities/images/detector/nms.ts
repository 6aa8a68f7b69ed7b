/**
 * YOLOv5 post-processing of the raw model output: confidence filter and per-class non-maximum suppression.
 *
 * Same steps, order and arithmetic (float64) as `nms()` in ml/detector/reference_infer.py, so both give the same
 * boxes from the same output tensor.
 */
import { type Box } from './letterbox';

/** One detection in the coordinates of the rows it came from. */
export interface RawDetection {
  /** Box in the same pixel space as the model rows (input pixels before mapping back). */
  readonly box: Box;
  /** objectness × best class score, 0–1. */
  readonly confidence: number;
  /** Index of the best class. */
  readonly classId: number;
}

/** Thresholds of the post-processing. */
export interface NmsOptions {
  /** Rows need objectness > this and confidence > this. Default 0.25 (YOLOv5 detect.py). */
  readonly confThreshold?: number;
  /** A box is suppressed by a more confident box of its class when their IoU > this. Default 0.45. */
  readonly iouThreshold?: number;
  /** At most this many detections are returned, most confident first. Default 300. */
  readonly maxDetections?: number;
}

/** Intersection over union of two boxes (0 when either is empty). */
export function boxIou(a: Box, b: Box): number {
  const ix = Math.max(Math.min(a.x2, b.x2) - Math.max(a.x1, b.x1), 0);
  const iy = Math.max(Math.min(a.y2, b.y2) - Math.max(a.y1, b.y1), 0);
  const inter = ix * iy;
  const areaA = (a.x2 - a.x1) * (a.y2 - a.y1);
  const areaB = (b.x2 - b.x1) * (b.y2 - b.y1);
  return inter / (areaA + areaB - inter + 1e-12);
}

/**
 * Turns raw rows `(cx, cy, w, h, obj, cls_0 … cls_{nc-1})` into detections.
 * @param rows - row-major model output of one image, `rowCount * rowLength` values
 * @param rowLength - 5 + number of classes
 */
export function nonMaxSuppression(
  rows: Float32Array,
  rowLength: number,
  options: NmsOptions = {},
): RawDetection[] {
  const confThreshold = options.confThreshold ?? 0.25;
  const iouThreshold = options.iouThreshold ?? 0.45;
  const maxDetections = options.maxDetections ?? 300;
  if (rowLength < 6 || rows.length % rowLength !== 0) {
    throw new RangeError(`rows of length ${rowLength} do not divide ${rows.length} values`);
  }
  const candidates: RawDetection[] = [];
  for (let off = 0; off < rows.length; off += rowLength) {
    const obj = rows[off + 4]!;
    if (!(obj > confThreshold)) continue;
    let classId = 0;
    let best = -Infinity;
    for (let c = 0; c < rowLength - 5; c++) {
      const score = rows[off + 5 + c]! * obj; // float64, like the reference
      if (score > best) {
        best = score;
        classId = c;
      }
    }
    if (!(best > confThreshold)) continue;
    const cx = rows[off]!;
    const cy = rows[off + 1]!;
    const w = rows[off + 2]!;
    const h = rows[off + 3]!;
    candidates.push({
      box: { x1: cx - w / 2, y1: cy - h / 2, x2: cx + w / 2, y2: cy + h / 2 },
      confidence: best,
      classId,
    });
  }
  // Array.prototype.sort is stable: equal confidences keep row order, like numpy's stable argsort.
  const order = candidates.map((_, i) => i).sort((a, b) => candidates[b]!.confidence - candidates[a]!.confidence);
  const byClass = new Map<number, number[]>();
  for (const i of order) {
    const cls = candidates[i]!.classId;
    const list = byClass.get(cls);
    if (list) list.push(i);
    else byClass.set(cls, [i]);
  }
  const kept: number[] = [];
  for (const idx of byClass.values()) {
    const alive = new Uint8Array(idx.length).fill(1);
    for (let i = 0; i < idx.length; i++) {
      if (!alive[i]) continue;
      const keep = candidates[idx[i]!]!;
      kept.push(idx[i]!);
      for (let j = i + 1; j < idx.length; j++) {
        if (alive[j] && boxIou(keep.box, candidates[idx[j]!]!.box) > iouThreshold) alive[j] = 0;
      }
    }
  }
  kept.sort((a, b) => candidates[b]!.confidence - candidates[a]!.confidence || a - b);
  return kept.slice(0, maxDetections).map((i) => candidates[i]!);
}
