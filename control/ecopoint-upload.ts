/**
 * Accepting an eco-point upload (used by the web tier; usable by tools): decide the type from the bytes, hash
 * them and read the EXIF capture time while they are in memory, store the raw image (with those facts) and its
 * record, and start the workflow `ecopoint:<uploadId>`, which decides on them. All or nothing: when MongoDB
 * cannot store the image, or Temporal cannot start the workflow, nothing stays behind and the caller gets
 * `ServiceUnavailable` with a message for the member.
 */
import type { Client } from '@temporalio/client';
import { WorkflowIdReusePolicy } from '@temporalio/client';
import type { Redis } from 'ioredis';
import type { Db } from 'mongodb';
import sharp from 'sharp';
import { sniffImageType } from '../activities/ecopoints/content-type';
import type { UploadEventContext } from '../activities/ecopoints/ecopoint-event';
import { inspectUpload } from '../activities/ecopoints/inspect-upload';
import { discardUpload, newUploadId, storeUpload } from '../activities/ecopoints/upload-records';
import { makePreview } from '../activities/ecopoints/upload-preview';
import { DEFAULT_MAX_BYTES, DEFAULT_MAX_PIXELS } from '../activities/images/detector/decode-image';
import { decodableImage } from '../activities/images/heic-decoder';
import { EcoPointError, InfraError } from '../domain/errors';
import type { EcoPointService, UploadVerdict } from '../domain/ecopoint-verdicts';
import { refusalMessage } from '../domain/ecopoint-verdicts';
import type { EcopointStage, EcopointUploadInput } from '../workflows/ecopoint-upload';

/** Where uploads go. */
export interface UploadTargets {
  readonly db: Db;
  readonly temporal: Client;
  /** Task queue of the upload workflow. */
  readonly taskQueue: string;
  /** Task queue of the models. */
  readonly inferenceTaskQueue: string;
  /** Where the members' cached upload histories live (dropped when an upload is stored); none, none dropped. */
  readonly redis?: Redis;
}

/** One upload as received. */
export interface IncomingUpload {
  readonly userId: string;
  readonly service: EcoPointService;
  readonly bytes: Buffer;
  readonly event: UploadEventContext;
  /** Default: now. */
  readonly receivedAt?: Date;
}

/** The workflow id of an upload. */
export function uploadWorkflowId(uploadId: string): string {
  return `ecopoint:${uploadId}`;
}

/** An upload's bytes once accepted: their type, and bytes sharp can decode (the same bytes unless HEIC). */
export interface AcceptedImage {
  readonly contentType: string;
  /** What hashes and previews are made from: `bytes` itself, or a JPEG of a HEIC photo's pixels. */
  readonly decodable: Buffer;
}

/** What the member is told when a HEIC photo cannot be read after all. */
const HEIC_UNREADABLE = 'HEIC(고효율) 사진을 읽지 못했어요. 휴대폰 카메라 설정에서 사진 형식을 "높은 호환성"(JPG)으로 바꾸거나 JPG로 저장해서 올려 주세요.';

/**
 * Refuses what is not an image we can read, by its bytes: too large → `ImgOverSize`; not an image → `ImgInvalid`;
 * a HEIC photo (decoded on a thread of its own: activities/images/heic-decoder.ts) that cannot be decoded →
 * `ImgInvalid` with a message that says what to do.
 */
export async function acceptImage(bytes: Buffer, maxBytes = DEFAULT_MAX_BYTES): Promise<AcceptedImage> {
  if (bytes.length > maxBytes) throw new EcoPointError('ImgOverSize', refusalMessage('ImgOverSize'), { bytes: bytes.length, maxBytes });
  const contentType = sniffImageType(bytes.subarray(0, 32));
  if (contentType === null) throw new EcoPointError('ImgInvalid', refusalMessage('ImgInvalid'), { bytes: bytes.length });
  if (contentType !== 'image/heic' && contentType !== 'image/avif') return { contentType, decodable: bytes };
  try {
    const decodable = await decodableImage(bytes, DEFAULT_MAX_PIXELS);
    await sharp(decodable, { failOn: 'error' }).resize(8, 8).raw().toBuffer();
    return { contentType, decodable };
  } catch (err) {
    throw new EcoPointError('ImgInvalid', HEIC_UNREADABLE, { type: contentType }, { cause: err });
  }
}

/**
 * Stores an upload and starts its workflow.
 * @returns the new upload id
 * @throws EcoPointError `ImgOverSize` / `ImgInvalid`; InfraError `ServiceUnavailable` when MongoDB or Temporal is down
 */
export async function submitUpload(targets: UploadTargets, upload: IncomingUpload): Promise<string> {
  const { contentType, decodable } = await acceptImage(upload.bytes);
  // The preview (what the detector reads and people see) is made while the bytes are in memory anyway.
  const [inspection, preview] = await Promise.all([inspectUpload(upload.bytes, decodable), makePreview(decodable).catch(() => undefined)]);
  const uploadId = newUploadId();
  const receivedAt = upload.receivedAt ?? new Date();
  try {
    await storeUpload(targets.db, { uploadId, userId: upload.userId, service: upload.service, contentType, bytes: upload.bytes, receivedAt, sha256: inspection.fingerprint.sha256, phash: inspection.fingerprint.phash, takenAt: inspection.takenAt, ...(preview ? { preview } : {}) }, { redis: targets.redis });
  } catch (err) {
    throw new InfraError('ServiceUnavailable', '사진 저장소에 연결할 수 없어요. 사진은 저장되지 않았어요. 잠시 후 다시 올려 주세요.', { store: 'mongo' }, { cause: err });
  }
  const input: EcopointUploadInput = {
    uploadId,
    userId: upload.userId,
    service: upload.service,
    receivedAt: receivedAt.toISOString(),
    event: upload.event,
    inspection,
    taskQueue: targets.taskQueue,
    inferenceTaskQueue: targets.inferenceTaskQueue,
  };
  try {
    await targets.temporal.workflow.start('ecopointUpload', {
      workflowId: uploadWorkflowId(uploadId),
      taskQueue: targets.taskQueue,
      args: [input],
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
    });
  } catch (err) {
    await discardUpload(targets.db, uploadId, { redis: targets.redis, userId: upload.userId }).catch(() => undefined);
    throw new InfraError('ServiceUnavailable', '지금은 사진을 확인할 수 없어요. 사진은 저장되지 않았어요. 잠시 후 다시 올려 주세요.', { store: 'temporal' }, { cause: err });
  }
  return uploadId;
}

/** Waits for an upload's verdict (tests, tools). */
export async function waitForVerdict(temporal: Client, uploadId: string): Promise<UploadVerdict> {
  return temporal.workflow.getHandle(uploadWorkflowId(uploadId)).result() as Promise<UploadVerdict>;
}

/** The stage of a running upload, or null when the workflow cannot be asked (its worker is down, or it is gone). */
export async function uploadStage(temporal: Client, uploadId: string, timeoutMs = 1500): Promise<EcopointStage | null> {
  const query = temporal.workflow.getHandle(uploadWorkflowId(uploadId)).query<EcopointStage>('stage');
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), timeoutMs)));
  try {
    return await Promise.race([query.catch(() => null), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
