/**
 * The `training_samples` document as the labelling queue reads and writes it. The eco-point pipeline writes
 * the first half when an upload finishes (`finishUpload` in activities/ecopoints/pipeline-activities.ts), the
 * member's appeal marks it `review: 'pending'` (activities/ecopoints/appeals.ts), and the labelling queue adds
 * the review: `groundTruth` (domain/ground-truth.ts — the field the retraining DAG exports), its history and,
 * for an appeal, whether the confirmed labels prove the member right.
 */
import type { Collection, Db } from 'mongodb';
import type { EcoPointCode } from '../../../domain/errors';
import type { GroundTruth, PixelBox } from '../../../domain/ground-truth';
import { COLLECTIONS } from '../../../infra/contracts';

/** What the model saw: class, confidence and box in pixels of the upright raw image. */
export interface SampleDetection {
  readonly className: string;
  readonly confidence: number;
  readonly box: PixelBox;
}

/** A verdict in short: granted or refused, with the refusal's code. */
export interface ShortVerdict {
  readonly accepted: boolean;
  readonly points: number;
  readonly code: EcoPointCode | null;
}

/** Review state: null (nobody looked), `pending` (appealed, waiting), `confirmed` (ground truth), `skipped`. */
export type ReviewState = 'pending' | 'confirmed' | 'skipped' | null;

/** A replaced ground truth, kept for audit. */
export interface GroundTruthHistoryEntry extends GroundTruth {
  readonly replacedBy: string;
  readonly replacedAt: Date;
}

/** Whether the confirmed labels of an appealed sample imply another verdict than the model's. */
export interface AppealReview {
  /** True when the ground truth's verdict differs from the model's: the member was right. */
  readonly upheld: boolean;
  readonly modelVerdict: ShortVerdict;
  /** The eco point 1 rule on the ground-truth boxes, each with confidence 1. */
  readonly groundTruthVerdict: ShortVerdict;
  readonly decidedBy: string;
  readonly decidedAt: Date;
}

/** One `training_samples` document (`_id` = upload id). */
export interface TrainingSampleDoc {
  readonly _id: string;
  readonly uploadId: string;
  readonly userId: string;
  readonly service: 1 | 2;
  readonly rawFileId: string;
  readonly annotatedFileId: string | null;
  readonly modelVersion: string;
  readonly detections: readonly SampleDetection[] | null;
  readonly ocrText: string | null;
  readonly verdict: ShortVerdict;
  readonly createdAt: Date;
  readonly appeal: { readonly at: Date; readonly userId: string } | null;
  readonly review: ReviewState;
  readonly groundTruth?: GroundTruth;
  /** Bumped by every confirm or skip: a write based on an older read is refused (two admins on one sample). */
  readonly groundTruthRevision?: number;
  /** Earlier ground truths, newest last (at most {@link HISTORY_LIMIT}). */
  readonly groundTruthHistory?: readonly GroundTruthHistoryEntry[];
  readonly appealReview?: AppealReview;
  /** When and by whom the sample was last confirmed or skipped. */
  readonly reviewedAt?: Date;
  readonly reviewedBy?: string;
}

/** Earlier ground truths kept per sample. */
export const HISTORY_LIMIT = 10;

/** The `training_samples` collection. */
export function trainingSamples(db: Db): Collection<TrainingSampleDoc> {
  return db.collection<TrainingSampleDoc>(COLLECTIONS.trainingSamples);
}
