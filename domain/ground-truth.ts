/**
 * Ground truth of the detector (issue 15): the boxes an admin confirmed on an eco point 1 photo in the
 * labelling queue, stored on its `training_samples` document as `groundTruth`, which the retraining DAG
 * exports. Boxes are in pixels of the upright raw image (EXIF orientation applied, never the display scale).
 *
 * Pure (no Node built-ins, no I/O): the web tier, the workers, the workflows and browser scripts import it.
 */
import { Type } from '@sinclair/typebox';
import { stableUnit } from './stable-hash';

/** The detector's classes, in the model's class order. */
export const LABEL_CLASSES = ['plastic', 'label', 'can'] as const;
/** One of {@link LABEL_CLASSES}. */
export type LabelClass = (typeof LABEL_CLASSES)[number];

/** True when `name` is one of the detector's classes. */
export function isLabelClass(name: string): name is LabelClass {
  return (LABEL_CLASSES as readonly string[]).includes(name);
}

/** A box in pixels of the upright raw image: x1 < x2, y1 < y2, inside [0, width] × [0, height]. */
export interface PixelBox {
  readonly x1: number;
  readonly y1: number;
  readonly x2: number;
  readonly y2: number;
}

/** One confirmed object. */
export interface GroundTruthBox {
  readonly className: LabelClass;
  readonly box: PixelBox;
}

/** Which part of the data a confirmed sample belongs to. */
export type Split = 'train' | 'heldout';

/** The confirmed labels of one sample (`training_samples.groundTruth`). An empty box list means "no objects". */
export interface GroundTruth {
  readonly boxes: readonly GroundTruthBox[];
  /** Upright raw image size, pixels. */
  readonly width: number;
  readonly height: number;
  /** User id of the admin who confirmed. */
  readonly confirmedBy: string;
  readonly confirmedAt: Date;
  readonly split: Split;
}

/** Share of confirmed samples held out for evaluation (never trained on). */
export const HELD_OUT_SHARE = 0.2;

/**
 * The split of sample `uploadId`: `heldout` for about {@link HELD_OUT_SHARE} of ids, by a stable hash of the id
 * alone, so a sample stays on its side whoever confirms it, however often, and on every machine.
 */
export function splitFor(uploadId: string): Split {
  return stableUnit(`split:${uploadId}`) < HELD_OUT_SHARE ? 'heldout' : 'train';
}

/** TypeBox schema of a box in pixels of the upright raw image (x1 < x2, y1 < y2 is checked by {@link checkGroundTruth}). */
export const PixelBoxSchema = Type.Object({ x1: Type.Number(), y1: Type.Number(), x2: Type.Number(), y2: Type.Number() }, { additionalProperties: false });

/** TypeBox schema of one confirmed box. */
export const GroundTruthBoxSchema = Type.Object(
  { className: Type.Union(LABEL_CLASSES.map((c) => Type.Literal(c))), box: PixelBoxSchema },
  { additionalProperties: false },
);

/** TypeBox schema of `training_samples.groundTruth` as stored (`confirmedAt` is a BSON date), read by the retraining loop. */
export const GroundTruthSchema = Type.Object(
  {
    boxes: Type.Array(GroundTruthBoxSchema, { maxItems: 500 }),
    width: Type.Integer({ minimum: 1 }),
    height: Type.Integer({ minimum: 1 }),
    confirmedBy: Type.String({ minLength: 1 }),
    confirmedAt: Type.Date(),
    split: Type.Union([Type.Literal('train'), Type.Literal('heldout')]),
  },
  { additionalProperties: false },
);

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
