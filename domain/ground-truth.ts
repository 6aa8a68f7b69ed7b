/**
 * Ground truth of an eco point 1 photo, as an admin confirms it in the labelling queue and the retraining loop
 * reads it (issue 15). It lives on the photo's `training_samples` document:
 *
 * ```
 * { review: 'confirmed',
 *   groundTruth: { boxes: [{ className: 'plastic', box: { x1, y1, x2, y2 } }, …],   // pixels of the upright raw image
 *                  width, height, confirmedBy, confirmedAt: Date, split: 'train' | 'heldout' } }
 * ```
 *
 * The raw image is GridFS bucket `uploads` under the upload id. `split` is {@link splitFor} of the upload id,
 * so a photo stays on the same side of the train / held-out line whoever confirms it and however often:
 * a held-out photo never leaks into training. Pure (no Node built-ins), so workflows and the browser may import it.
 */
import { type Static, Type } from '@sinclair/typebox';

/** The detector's classes, in its output order. */
export const GROUND_TRUTH_CLASSES = ['plastic', 'label', 'can'] as const;
/** One class of the detector. */
export type GroundTruthClass = (typeof GROUND_TRUTH_CLASSES)[number];

/** Which side of the line a confirmed photo is on: trained on, or kept to measure models on real photos. */
export type SampleSplit = 'train' | 'heldout';

/** Share of uploads kept out of training to measure on, percent. */
export const HELDOUT_PERCENT = 20;

/** TypeBox schema of a box in pixels of the upright raw image (x1 < x2, y1 < y2 is checked by {@link checkGroundTruth}). */
export const PixelBoxSchema = Type.Object(
  { x1: Type.Number(), y1: Type.Number(), x2: Type.Number(), y2: Type.Number() },
  { additionalProperties: false },
);

/** TypeBox schema of one confirmed box. */
export const GroundTruthBoxSchema = Type.Object(
  {
    className: Type.Union([Type.Literal('plastic'), Type.Literal('label'), Type.Literal('can')]),
    box: PixelBoxSchema,
  },
  { additionalProperties: false },
);
/** One confirmed box: a class and where it is. */
export type GroundTruthBox = Static<typeof GroundTruthBoxSchema>;

/** TypeBox schema of `training_samples.groundTruth` (as stored: `confirmedAt` is a BSON date). */
export const GroundTruthSchema = Type.Object(
  {
    boxes: Type.Array(GroundTruthBoxSchema, { maxItems: 500 }),
    /** Width of the upright raw image, pixels. */
    width: Type.Integer({ minimum: 1 }),
    /** Height of the upright raw image, pixels. */
    height: Type.Integer({ minimum: 1 }),
    /** User id of the admin who confirmed. */
    confirmedBy: Type.String({ minLength: 1 }),
    confirmedAt: Type.Date(),
    split: Type.Union([Type.Literal('train'), Type.Literal('heldout')]),
  },
  { additionalProperties: false },
);
/** The confirmed ground truth of one photo. */
export type GroundTruth = Static<typeof GroundTruthSchema>;

/** Review state of a training sample: `pending` (appealed or queued), `confirmed` (has ground truth), or none. */
export type SampleReview = 'pending' | 'confirmed' | null;

/**
 * 32-bit FNV-1a over the string's UTF-16 code units (upload ids are ASCII, so the same as over its bytes).
 * Stable across processes and versions: the split of a photo must never change.
 */
function fnv1a32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/**
 * The split of an upload: `heldout` for about {@link HELDOUT_PERCENT} % of upload ids, `train` for the rest,
 * decided by a hash of the id alone (deterministic; the labelling queue and the retraining DAG agree).
 */
export function splitFor(uploadId: string): SampleSplit {
  return fnv1a32(uploadId) % 100 < HELDOUT_PERCENT ? 'heldout' : 'train';
}

/**
 * Checks what the schema cannot: every box has a positive size and lies within the image (1 px of slack for
 * rounding), and the split is the one {@link splitFor} gives.
 * @returns the problems found, empty when the ground truth is consistent
 */
export function checkGroundTruth(uploadId: string, gt: Pick<GroundTruth, 'boxes' | 'width' | 'height' | 'split'>): string[] {
  const problems: string[] = [];
  gt.boxes.forEach(({ box }, i) => {
    if (!(box.x2 > box.x1 && box.y2 > box.y1)) problems.push(`box ${i} has no area`);
    if (box.x1 < -1 || box.y1 < -1 || box.x2 > gt.width + 1 || box.y2 > gt.height + 1) problems.push(`box ${i} lies outside the ${gt.width}×${gt.height} image`);
  });
  if (gt.split !== splitFor(uploadId)) problems.push(`split must be ${splitFor(uploadId)} for this upload, got ${gt.split}`);
  return problems;
}
