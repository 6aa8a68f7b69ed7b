/**
 * SSD anchor boxes, as MediaPipe's `SsdAnchorsCalculator` generates them (fixed_anchor_size off), for the
 * SSD-MobileNetV2 Open Images V4 detector of stage 1. Pure arithmetic: no I/O.
 */

/** Options of {@link ssdAnchors} (MediaPipe's `SsdAnchorsCalculatorOptions` fields of the same names). */
export interface SsdAnchorOptions {
  /** Input side of the model, pixels (square input). */
  readonly inputSize: number;
  /** Number of feature-map layers. */
  readonly numLayers: number;
  /** Anchor scale of the first layer, relative to the input side. */
  readonly minScale: number;
  /** Anchor scale of the last layer, relative to the input side. */
  readonly maxScale: number;
  /** Stride of each layer, pixels; the feature map side is ceil(inputSize / stride). */
  readonly strides: readonly number[];
  /** Aspect ratios (width / height) of every layer but the lowest. */
  readonly aspectRatios: readonly number[];
  /** The lowest layer gets 3 boxes only: scale 0.1 at ratio 1, and its scale at ratios 2 and 0.5. */
  readonly reduceBoxesInLowestLayer: boolean;
  /** Aspect ratio of the extra box per cell (scale √(s·s_next)) on the other layers; 0 for none. */
  readonly interpolatedScaleAspectRatio: number;
  /** Position of an anchor centre inside its cell, 0–1. */
  readonly offset: number;
}

/** The options of MediaPipe's `object_detection_oid_v4` graph: 1917 anchors at a 300 × 300 input. */
export const OIDV4_ANCHOR_OPTIONS: SsdAnchorOptions = Object.freeze({
  inputSize: 300,
  numLayers: 6,
  minScale: 0.2,
  maxScale: 0.95,
  strides: [16, 32, 64, 128, 256, 512],
  aspectRatios: [1.0, 2.0, 0.5, 3.0, 0.3333],
  reduceBoxesInLowestLayer: true,
  interpolatedScaleAspectRatio: 1.0,
  offset: 0.5,
});

/** Anchors as a flat array of (cx, cy, w, h) per anchor, all relative to the input side (0–1). */
export interface SsdAnchors {
  /** Number of anchors. */
  readonly count: number;
  /** `count` × 4 values: centre x, centre y, width, height. */
  readonly values: Float32Array;
}

function scaleOf(index: number, count: number, min: number, max: number): number {
  return count === 1 ? (min + max) / 2 : min + ((max - min) * index) / (count - 1);
}

/**
 * Generates the anchors in the order the model's outputs use: layer by layer, row by row, cell by cell, then
 * box by box (aspect ratios, then the interpolated one).
 * @throws RangeError when the options are inconsistent (no layers, strides shorter than the layers)
 */
export function ssdAnchors(options: SsdAnchorOptions = OIDV4_ANCHOR_OPTIONS): SsdAnchors {
  const { numLayers, minScale, maxScale, strides, inputSize, offset } = options;
  if (numLayers < 1 || strides.length < numLayers || !(inputSize > 0)) {
    throw new RangeError(`SSD anchors need ≥ 1 layer and a stride per layer, got ${numLayers} layers, ${strides.length} strides`);
  }
  const out: number[] = [];
  for (let layer = 0; layer < numLayers; layer++) {
    const scale = scaleOf(layer, numLayers, minScale, maxScale);
    const ratios: number[] = [];
    const scales: number[] = [];
    if (layer === 0 && options.reduceBoxesInLowestLayer) {
      ratios.push(1.0, 2.0, 0.5);
      scales.push(0.1, scale, scale);
    } else {
      for (const r of options.aspectRatios) {
        ratios.push(r);
        scales.push(scale);
      }
      if (options.interpolatedScaleAspectRatio > 0) {
        const next = layer === numLayers - 1 ? 1.0 : scaleOf(layer + 1, numLayers, minScale, maxScale);
        ratios.push(options.interpolatedScaleAspectRatio);
        scales.push(Math.sqrt(scale * next));
      }
    }
    const side = Math.ceil(inputSize / strides[layer]!);
    for (let y = 0; y < side; y++) {
      for (let x = 0; x < side; x++) {
        for (let k = 0; k < ratios.length; k++) {
          const root = Math.sqrt(ratios[k]!);
          out.push((x + offset) / side, (y + offset) / side, scales[k]! * root, scales[k]! / root);
        }
      }
    }
  }
  return { count: out.length / 4, values: Float32Array.from(out) };
}
