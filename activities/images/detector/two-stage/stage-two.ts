/**
 * Stage 2 of the two-stage detector: on the crop of one bottle-like box, decide plastic vs can, and label vs no
 * label, from explainable cues. Pure arithmetic: no I/O.
 *
 * The cue is "printed ink that is not the background": a label is an opaque, printed band across the body, so
 * its pixels differ from the surroundings beside the bottle and are saturated or dark (print), or lie on text
 * the text detector found; a label-free PET bottle is transparent, so its body shows the background (or white
 * highlights). Per row across the object's long axis, the share of such pixels is the row's ink; a run of inked
 * rows is a label band, ink over almost the whole height on a short, wide object is a can.
 */
import { type Box } from '../letterbox';
import { type SampledCrop } from './crop-sampling';

/** Thresholds of the stage-2 rules (stored in the model's metadata JSON, `stage2.rules`). */
export interface StageTwoRules {
  /** A pixel is saturated ink when its HSV saturation is at least this (0–1). */
  readonly inkSaturation: number;
  /** A pixel is dark ink when its HSV value is below this (0–1). */
  readonly inkDarkValue: number;
  /** A pixel is "not background" when its RGB distance to the row's surroundings is at least this (0–441). */
  readonly inkDistance: number;
  /** A pixel on text counts as ink when the text probability is at least this (0–1). */
  readonly textProbability: number;
  /** Share of the central columns that must be ink for a row to count as inked (0–1). */
  readonly inkedRow: number;
  /** Central share of the object's width that is read (the rims and highlights at the sides are skipped). */
  readonly centralWidth: number;
  /** A label band is a run of inked rows at least this long, as a share of the object's length. */
  readonly minLabelBand: number;
  /** Inked rows closer than this (rows) are joined into one band. */
  readonly bandGap: number;
  /** A can is inked over at least this share of its length … */
  readonly canMinCoverage: number;
  /** … and at most this long for its width (long side / short side). */
  readonly canMaxAspect: number;
}

/**
 * Default rules: pixel thresholds set by hand, band and can thresholds searched on the synthetic validation
 * split (bench/detector/two-stage-stages.ts; see ml/detector/TWO_STAGE.md).
 */
export const DEFAULT_STAGE_TWO_RULES: StageTwoRules = Object.freeze({
  inkSaturation: 0.4,
  inkDarkValue: 0.3,
  inkDistance: 60,
  textProbability: 0.3,
  inkedRow: 0.2,
  centralWidth: 0.6,
  minLabelBand: 0.2,
  bandGap: 2,
  canMinCoverage: 0.5,
  canMaxAspect: 2.6,
});

/** What stage 2 measured on one crop. */
export interface CropFeatures {
  /** Per row (along the long axis), the share of central pixels that are ink, 0–1. */
  readonly ink: Float32Array;
  /** Share of rows that are inked, 0–1. */
  readonly coverage: number;
  /** Longest band of inked rows (gaps of ≤ `bandGap` rows joined), as row indices [start, end), or null. */
  readonly band: { readonly start: number; readonly end: number } | null;
}

/** The decision on one bottle-like box. */
export interface StageTwoDecision {
  /** `plastic` (a PET bottle), `can` (metal), or `other` (not countable). */
  readonly kind: 'plastic' | 'can' | 'other';
  /** True when a label band was found on a plastic bottle. */
  readonly labelled: boolean;
  /** The band as [start, end) rows of the crop, when labelled. */
  readonly band: { readonly start: number; readonly end: number } | null;
}

/** HSV saturation and value of an RGB pixel, 0–1. */
export function saturationValue(r: number, g: number, b: number): { s: number; v: number } {
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  return { s: max === 0 ? 0 : (max - min) / max, v: max / 255 };
}

/**
 * Measures the ink per row of a sampled crop.
 * @param textProbability - optional text probability per crop pixel (same grid as `crop`), 0–1
 */
export function measureCrop(crop: SampledCrop, rules: StageTwoRules = DEFAULT_STAGE_TWO_RULES, textProbability?: Float32Array): CropFeatures {
  const { width, height, data, margin } = crop;
  if (textProbability !== undefined && textProbability.length !== width * height) {
    throw new RangeError(`text probabilities: ${textProbability.length} values for a ${width}×${height} crop`);
  }
  const inner = width - 2 * margin;
  const skip = Math.floor((inner * (1 - rules.centralWidth)) / 2);
  const from = margin + skip;
  const to = width - margin - skip;
  const ink = new Float32Array(height);
  for (let v = 0; v < height; v++) {
    // The surroundings of this row: mean colour of the margin columns on both sides.
    let sr = 0;
    let sg = 0;
    let sb = 0;
    for (let k = 0; k < margin; k++) {
      for (const u of [k, width - 1 - k]) {
        const at = (v * width + u) * 3;
        sr += data[at]!;
        sg += data[at + 1]!;
        sb += data[at + 2]!;
      }
    }
    const n = 2 * margin;
    sr /= n;
    sg /= n;
    sb /= n;
    let count = 0;
    for (let u = from; u < to; u++) {
      const at = (v * width + u) * 3;
      const r = data[at]!;
      const g = data[at + 1]!;
      const b = data[at + 2]!;
      const onText = textProbability !== undefined && textProbability[v * width + u]! >= rules.textProbability;
      const distinct = Math.hypot(r - sr, g - sg, b - sb) >= rules.inkDistance;
      const { s, v: value } = saturationValue(r, g, b);
      if (onText || (distinct && (s >= rules.inkSaturation || value < rules.inkDarkValue))) count++;
    }
    ink[v] = to > from ? count / (to - from) : 0;
  }
  return { ink, ...bandsOf(ink, rules) };
}

/** Coverage and the longest band of inked rows of an ink profile. */
export function bandsOf(ink: Float32Array, rules: Pick<StageTwoRules, 'inkedRow' | 'bandGap'>): Omit<CropFeatures, 'ink'> {
  let inked = 0;
  let best: { start: number; end: number } | null = null;
  let start = -1;
  let lastInked = -Infinity;
  for (let v = 0; v <= ink.length; v++) {
    const on = v < ink.length && ink[v]! >= rules.inkedRow;
    if (on) {
      inked++;
      if (start < 0 || v - lastInked - 1 > rules.bandGap) {
        if (start >= 0 && (!best || lastInked + 1 - start > best.end - best.start)) best = { start, end: lastInked + 1 };
        start = v;
      }
      lastInked = v;
    }
  }
  if (start >= 0 && (!best || lastInked + 1 - start > best.end - best.start)) best = { start, end: lastInked + 1 };
  return { coverage: ink.length ? inked / ink.length : 0, band: best };
}

/**
 * Decides plastic / can / other and label / no label for a bottle-like box.
 * @param aspect - long side / short side of the box
 */
export function decideCrop(features: CropFeatures, aspect: number, rules: StageTwoRules = DEFAULT_STAGE_TWO_RULES): StageTwoDecision {
  const rows = features.ink.length;
  if (features.coverage >= rules.canMinCoverage && aspect <= rules.canMaxAspect) {
    return { kind: 'can', labelled: false, band: null };
  }
  const band = features.band;
  if (band && rows > 0 && (band.end - band.start) / rows >= rules.minLabelBand) {
    return { kind: 'plastic', labelled: true, band };
  }
  return { kind: 'plastic', labelled: false, band: null };
}

/**
 * The label band in image pixels: the band's rows mapped back along the box's long axis, across the whole box.
 * @param rows - number of rows of the crop
 * @param transposed - the crop's rows ran along the image's x axis
 */
export function bandBox(box: Box, band: { readonly start: number; readonly end: number }, rows: number, transposed: boolean): Box {
  if (transposed) {
    const w = box.x2 - box.x1;
    return { x1: box.x1 + (band.start / rows) * w, y1: box.y1, x2: box.x1 + (band.end / rows) * w, y2: box.y2 };
  }
  const h = box.y2 - box.y1;
  return { x1: box.x1, y1: box.y1 + (band.start / rows) * h, x2: box.x2, y2: box.y1 + (band.end / rows) * h };
}
