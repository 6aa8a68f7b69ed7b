/**
 * Decoding of the raw SSD outputs (box encodings relative to anchors, class logits) into candidate boxes, in
 * the row layout YOLOv5 post-processing reads, so the project's NMS ({@link nonMaxSuppression}) applies as is.
 * Pure arithmetic: no I/O.
 */
import { type SsdAnchors } from './ssd-anchors';

/** How the box encodings are scaled (TensorFlow Object Detection API box coder; MediaPipe's x/y/w/h_scale). */
export interface BoxCoderScales {
  readonly y: number;
  readonly x: number;
  readonly h: number;
  readonly w: number;
}

/** Scales of the OIDv4 SSD: 10, 10, 5, 5. Encodings are ordered (ty, tx, th, tw). */
export const OIDV4_BOX_SCALES: BoxCoderScales = Object.freeze({ y: 10, x: 10, h: 5, w: 5 });

/** A decoded box, relative to the input side (0–1): centre and size. */
export interface RelativeBox {
  readonly cx: number;
  readonly cy: number;
  readonly w: number;
  readonly h: number;
}

/**
 * Decodes the box of anchor `i`: centre = t / scale · anchor size + anchor centre, size = exp(t / scale) · anchor size.
 * @param encodings - `count` × 4 values (ty, tx, th, tw)
 */
export function decodeBox(encodings: Float32Array, anchors: SsdAnchors, i: number, scales: BoxCoderScales = OIDV4_BOX_SCALES): RelativeBox {
  const a = anchors.values;
  const [acx, acy, aw, ah] = [a[4 * i]!, a[4 * i + 1]!, a[4 * i + 2]!, a[4 * i + 3]!];
  const ty = encodings[4 * i]!;
  const tx = encodings[4 * i + 1]!;
  const th = encodings[4 * i + 2]!;
  const tw = encodings[4 * i + 3]!;
  return {
    cy: (ty / scales.y) * ah + acy,
    cx: (tx / scales.x) * aw + acx,
    h: Math.exp(th / scales.h) * ah,
    w: Math.exp(tw / scales.w) * aw,
  };
}

/** The logistic function. */
export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/**
 * Turns the SSD outputs into YOLOv5-layout rows `(cx, cy, w, h, 1, score_0 … score_{g-1})` in pixels of a
 * `width` × `height` image, one row per anchor whose best group score exceeds `minScore` (others are dropped
 * early: the NMS would drop them anyway). A group's score is the highest sigmoid among its model classes, e.g.
 * `cup` = max(Mug, Coffee cup).
 * @param encodings - `anchors.count` × 4 box encodings
 * @param logits - `anchors.count` × `classCount` class logits (class 0 = background, never used)
 * @param groups - per output class, the model class indices it merges
 * @returns rows, row length 5 + groups.length
 */
export function ssdToRows(
  encodings: Float32Array,
  logits: Float32Array,
  classCount: number,
  anchors: SsdAnchors,
  groups: readonly (readonly number[])[],
  width: number,
  height: number,
  minScore: number,
): Float32Array {
  if (encodings.length !== anchors.count * 4 || logits.length !== anchors.count * classCount) {
    throw new RangeError(`SSD outputs do not match ${anchors.count} anchors × ${classCount} classes`);
  }
  // Comparing logits is cheaper than sigmoids and keeps the order: the threshold moves to logit space.
  const minLogit = Math.log(minScore / (1 - minScore));
  const rowLength = 5 + groups.length;
  const rows: number[] = [];
  const scores = new Array<number>(groups.length);
  for (let i = 0; i < anchors.count; i++) {
    let best = -Infinity;
    for (let g = 0; g < groups.length; g++) {
      let top = -Infinity;
      for (const c of groups[g]!) top = Math.max(top, logits[i * classCount + c]!);
      scores[g] = top;
      best = Math.max(best, top);
    }
    if (!(best > minLogit)) continue;
    const b = decodeBox(encodings, anchors, i);
    rows.push(b.cx * width, b.cy * height, b.w * width, b.h * height, 1, ...scores.map(sigmoid));
  }
  const out = Float32Array.from(rows);
  if (out.length % rowLength !== 0) throw new RangeError('internal: ragged SSD rows');
  return out;
}
