/**
 * Writes an admin's review of a sample onto its `training_samples` document:
 * - confirm: `review: 'confirmed'` and `groundTruth` exactly as domain/ground-truth.ts defines it (boxes in
 *   upright raw pixels, image size, who, when, and the split from `splitFor`); the ground truth it replaces is
 *   kept in `groundTruthHistory` (the last {@link HISTORY_LIMIT}) unless the boxes are the same; an appealed
 *   sample gets `appealReview` (upheld when the boxes imply another verdict than the model's);
 * - skip: `review: 'skipped'` (the sample leaves the queue, unusable for training); a ground truth it had
 *   moves to the history.
 *
 * Both are conditional on the revision the caller read, so two admins working on one sample cannot silently
 * overwrite each other: the second gets `Conflict`. Points are never granted here (see README "Labelling").
 */
import type { Db } from 'mongodb';
import { InfraError } from '../../../domain/errors';
import { splitFor, type GroundTruth, type GroundTruthBox } from '../../../domain/ground-truth';
import { groundTruthVerdict, verdictsDiffer } from './appeal-review';
import type { Size } from './box-geometry';
import { HISTORY_LIMIT, trainingSamples, type AppealReview, type GroundTruthHistoryEntry, type TrainingSampleDoc } from './sample-doc';

/** What an admin confirmed. */
export interface ConfirmInput {
  readonly boxes: readonly GroundTruthBox[];
  /** Upright raw image size, pixels. */
  readonly size: Size;
  readonly adminId: string;
  readonly at?: Date;
}

/** What a confirm wrote. */
export interface ConfirmResult {
  readonly groundTruth: GroundTruth;
  /** Present for an appealed sample. */
  readonly appealReview: AppealReview | null;
}

const sameBoxes = (a: readonly GroundTruthBox[], b: readonly GroundTruthBox[]): boolean => JSON.stringify(a) === JSON.stringify(b);

function historyWith(sample: TrainingSampleDoc, replacedBy: string, replacedAt: Date): GroundTruthHistoryEntry[] {
  const history = [...(sample.groundTruthHistory ?? [])];
  if (sample.groundTruth) history.push({ ...sample.groundTruth, replacedBy, replacedAt });
  return history.slice(-HISTORY_LIMIT);
}

/** The filter that matches `sample` only while nobody else wrote a review since it was read. */
function unchanged(sample: TrainingSampleDoc) {
  return sample.groundTruthRevision === undefined ? { _id: sample._id, groundTruthRevision: { $exists: false } } : { _id: sample._id, groundTruthRevision: sample.groundTruthRevision };
}

async function writeOnce(db: Db, sample: TrainingSampleDoc, update: Record<string, unknown>): Promise<void> {
  const res = await trainingSamples(db).updateOne(unchanged(sample), update);
  if (res.matchedCount === 0) throw new InfraError('Conflict', '다른 관리자가 방금 이 샘플을 검수했어요. 새로고침한 뒤 다시 확인해 주세요.', { uploadId: sample._id });
}

/**
 * Confirms `input.boxes` as the ground truth of `sample` (read just before). Confirming the same boxes again
 * changes only who and when; other boxes replace the ground truth and keep the old one in the history.
 * @throws InfraError `Conflict` when the sample was reviewed by someone else since it was read
 */
export async function confirmGroundTruth(db: Db, sample: TrainingSampleDoc, input: ConfirmInput): Promise<ConfirmResult> {
  const at = input.at ?? new Date();
  const groundTruth: GroundTruth = {
    boxes: input.boxes.map((b) => ({ className: b.className, box: { x1: b.box.x1, y1: b.box.y1, x2: b.box.x2, y2: b.box.y2 } })),
    width: input.size.width,
    height: input.size.height,
    confirmedBy: input.adminId,
    confirmedAt: at,
    split: splitFor(sample._id),
  };
  const keepHistory = sample.groundTruth !== undefined && !sameBoxes(sample.groundTruth.boxes, groundTruth.boxes);
  const gtVerdict = groundTruthVerdict(groundTruth.boxes);
  const appealReview: AppealReview | null = sample.appeal
    ? { upheld: verdictsDiffer(sample.verdict, gtVerdict), modelVerdict: sample.verdict, groundTruthVerdict: gtVerdict, decidedBy: input.adminId, decidedAt: at }
    : null;
  await writeOnce(db, sample, {
    $set: {
      review: 'confirmed',
      groundTruth,
      groundTruthRevision: (sample.groundTruthRevision ?? 0) + 1,
      reviewedAt: at,
      reviewedBy: input.adminId,
      ...(keepHistory ? { groundTruthHistory: historyWith(sample, input.adminId, at) } : {}),
      ...(appealReview ? { appealReview } : {}),
    },
  });
  return { groundTruth, appealReview };
}

/**
 * Marks `sample` (read just before) as skipped: not usable for training. A ground truth it had moves to the
 * history, and the appeal review drawn from it is removed.
 * @throws InfraError `Conflict` when the sample was reviewed by someone else since it was read
 */
export async function skipSample(db: Db, sample: TrainingSampleDoc, adminId: string, at: Date = new Date()): Promise<void> {
  await writeOnce(db, sample, {
    $set: {
      review: 'skipped',
      groundTruthRevision: (sample.groundTruthRevision ?? 0) + 1,
      reviewedAt: at,
      reviewedBy: adminId,
      ...(sample.groundTruth ? { groundTruthHistory: historyWith(sample, adminId, at) } : {}),
    },
    // The appeal's review was read from the ground truth that goes.
    ...(sample.groundTruth || sample.appealReview ? { $unset: { groundTruth: '', appealReview: '' } } : {}),
  });
}
