/**
 * The eco-point pipeline's activities that run beside the workflow (task queue `ecopoint`): checking an upload
 * against the abuse rules, and recording its outcome — training sample, points, quota, record, event. The model
 * itself runs on the `inference` queue (inference-activities.ts). Every activity is safe to retry: claims are
 * keyed by the upload id, the grant by `upload:<uploadId>`, the event id is derived from the upload id.
 */
import { EcoPointError } from '../../domain/errors';
import type { EcoPointService, UploadVerdict } from '../../domain/ecopoint-verdicts';
import { COLLECTIONS } from '../../infra/contracts';
import type { Stores } from '../../infra/stores';
import { creditSlot, releaseSlot, takeSlot } from './daily-quota';
import { claimImage, claimReceiptText, releaseImage } from './duplicate-index';
import { ecopointEvent, EcopointEventSender, type UploadEventContext } from './ecopoint-event';
import { DUPLICATE_MAX_DISTANCE, type ImageFingerprint } from './image-hashes';
import type { UploadInspection } from './inspect-upload';
import { grantPointsOnce } from './ledger';
import { checkTakenToday } from './photo-date';
import { uploadRecords } from './upload-records';
import { dropHistory } from './upload-history-cache';

/** Which upload a step works on. */
export interface UploadRef {
  readonly uploadId: string;
  readonly userId: string;
  readonly service: EcoPointService;
  /** When the web tier received it (ISO-8601): decides "today" and the quota day, whenever the step runs. */
  readonly receivedAt: string;
}

/** Input of {@link EcopointActivities.checkUpload}: the upload and the facts read from its bytes at ingestion. */
export interface CheckInput extends UploadRef {
  readonly inspection: UploadInspection;
}

/** What {@link EcopointActivities.checkUpload} found. */
export interface CheckedUpload {
  readonly fingerprint: ImageFingerprint;
  readonly takenAt: string;
  /** Credited-or-pending uploads of the day including this one. */
  readonly slotsUsed: number;
}

/** What the model saw and said, kept in `training_samples` for retraining. */
export interface TrainingInfo {
  readonly modelVersion: string;
  /** Eco point 1: the detections (boxes in displayed-image pixels). */
  readonly detections?: readonly { readonly className: string; readonly confidence: number; readonly box: { readonly x1: number; readonly y1: number; readonly x2: number; readonly y2: number } }[];
  /** Eco point 2: the OCR text. */
  readonly ocrText?: string;
}

/** Input of {@link EcopointActivities.finishUpload}. */
export interface FinishInput {
  readonly ref: UploadRef;
  readonly event: UploadEventContext;
  readonly verdict: UploadVerdict;
  /** Present when a model ran. */
  readonly sample: TrainingInfo | null;
  /** Present when the checks got as far as hashing. */
  readonly fingerprint: ImageFingerprint | null;
}

/** Perceptual-hash threshold per service: photos as measured; receipts compare SHA-256 only (they all look alike to pHash). */
export function duplicateDistanceFor(service: EcoPointService): number {
  return service === 1 ? DUPLICATE_MAX_DISTANCE : -1;
}

/** Builds the activities of the `ecopoint` task queue. */
export function createEcopointActivities(stores: Pick<Stores, 'mongo' | 'redis' | 'kafka'>) {
  const db = stores.mongo.db;
  const redis = stores.redis.redis;
  // Made on first use: a worker that never finishes an upload (or whose Kafka comes later) needs no sender.
  let events: EcopointEventSender | undefined;
  const eventSender = (): EcopointEventSender => (events ??= new EcopointEventSender(stores.kafka));

  return {
    /**
     * The abuse rules in SPEC order, each failing with its code: no EXIF date `ImgNoMeta`, not today in Korea
     * `ImgNotToday`, the same image before `ImgDuplicated`, a third credited upload of the day `OverCount`.
     * The duplicate claim and the quota slot are taken atomically in Redis.
     */
    async checkUpload(input: CheckInput): Promise<CheckedUpload> {
      const { inspection, ...ref } = input;
      const { fingerprint, captureTime } = inspection;
      const date = checkTakenToday(captureTime ? { wallClock: new Date(captureTime.wallClock), offset: captureTime.offset } : null, new Date(ref.receivedAt));
      const takenAt = date.ok || date.code === 'ImgNotToday' ? date.takenAt : null;
      if (!date.ok) throw new EcoPointError(date.code, date.code === 'ImgNoMeta' ? 'The photo has no EXIF DateTimeOriginal.' : `The photo was taken on ${date.takenDay}.`, { takenAt });
      const scope = String(ref.service);
      const claim = await claimImage(redis, scope, ref.uploadId, fingerprint, duplicateDistanceFor(ref.service));
      if (claim.duplicate) throw new EcoPointError('ImgDuplicated', `The image was uploaded before (distance ${claim.distance}).`, { distance: claim.distance });
      const slot = await takeSlot(redis, ref.userId, ref.service, ref.uploadId, new Date(ref.receivedAt));
      if (!slot.taken) {
        // Nothing will be granted: the image may be sent again another day or by someone else.
        await releaseImage(redis, scope, ref.uploadId, fingerprint);
        throw new EcoPointError('OverCount', `Already ${slot.used} credited uploads today.`, { used: slot.used });
      }
      return { fingerprint, takenAt: date.takenAt, slotsUsed: slot.used };
    },

    /**
     * Eco point 2's late duplicate check: the receipt's OCR text was read before (by anyone) → `ImgDuplicated`.
     */
    async claimReceipt(input: { readonly uploadId: string; readonly textSha256: string }): Promise<void> {
      const owner = await claimReceiptText(redis, input.uploadId, input.textSha256);
      if (owner !== null) throw new EcoPointError('ImgDuplicated', 'This receipt was uploaded before.', { ofUploadId: owner });
    },

    /**
     * Records the outcome: the training sample (when a model ran), the points (once per upload), the quota slot
     * (credited, or given back when nothing was granted), the image claim (given back after a model failure so
     * the member can retry with the same photo), the upload record, and the `ecopoint` event.
     */
    async finishUpload(input: FinishInput): Promise<UploadVerdict> {
      const { ref, verdict } = input;
      const at = new Date(ref.receivedAt);
      if (input.sample) {
        // Keyed by the upload: a retry updates what the model said and keeps the appeal and review.
        await db.collection<{ _id: string }>(COLLECTIONS.trainingSamples).updateOne(
          { _id: ref.uploadId },
          {
            $set: {
              uploadId: ref.uploadId,
              userId: ref.userId,
              service: ref.service,
              rawFileId: ref.uploadId,
              annotatedFileId: verdict.annotated ? ref.uploadId : null,
              modelVersion: input.sample.modelVersion,
              detections: input.sample.detections ?? null,
              ocrText: input.sample.ocrText ?? null,
              verdict: { accepted: verdict.accepted, points: verdict.points, code: verdict.code },
            },
            $setOnInsert: { createdAt: new Date(), appeal: null, review: null },
          },
          { upsert: true },
        );
      }
      if (verdict.accepted) {
        await grantPointsOnce(db, `upload:${ref.uploadId}`, { userId: ref.userId, service: ref.service, points: verdict.points, reason: ref.service === 1 ? 'pet_bottles' : 'receipt_nolabel', grantedAt: new Date() }, { redis });
        await creditSlot(redis, ref.userId, ref.service, ref.uploadId, at);
      } else if (input.fingerprint) {
        // The upload passed the checks (it holds a slot and an image claim) but earned nothing: give the slot back.
        await releaseSlot(redis, ref.userId, ref.service, ref.uploadId, at);
        if (verdict.code === 'ModelError') await releaseImage(redis, String(ref.service), ref.uploadId, input.fingerprint);
      }
      await uploadRecords(db).updateOne({ _id: ref.uploadId }, { $set: { stage: 'done', verdict, finishedAt: new Date() } });
      await dropHistory({ redis }, ref.userId);
      await eventSender().send(ecopointEvent(ref.uploadId, input.event, { service: ref.service, points: verdict.points, failCode: verdict.code }, new Date()));
      return verdict;
    },
  };
}

/** The activities of the `ecopoint` task queue, by name. */
export type EcopointActivities = ReturnType<typeof createEcopointActivities>;
