/**
 * What is learnt from an upload's bytes at ingestion, while they are in memory (so no step has to read the
 * image back from GridFS to hash it): SHA-256, the perceptual hash and the EXIF capture time. Decisions on
 * them are the workflow's (`checkUpload`); these are facts stored with the raw image.
 */
import sharp from 'sharp';
import { EcoPointError } from '../../domain/errors';
import { fingerprintImage, type ImageFingerprint } from './image-hashes';
import { formatCaptureTime, readCaptureTime } from './photo-date';

/** A capture time that travels as JSON (workflow input). */
export interface CaptureTimeJson {
  /** `DateTimeOriginal` as ISO with `Z`, whose fields are the camera's wall clock. */
  readonly wallClock: string;
  readonly offset: string | null;
}

/** The facts of an upload. */
export interface UploadInspection {
  readonly fingerprint: ImageFingerprint;
  readonly captureTime: CaptureTimeJson | null;
  /** The capture time for people and records (`2026-12-06T10:15:00+09:00`), or null. */
  readonly takenAt: string | null;
}

/**
 * Hashes an image and reads its capture time.
 * @param bytes the upload as sent: its SHA-256 and EXIF
 * @param decodable the same photo as bytes sharp decodes (a HEIC photo's JPEG: activities/images/heic-decoder.ts), for the perceptual hash
 * @throws EcoPointError `ImgInvalid` when the image cannot be decoded
 */
export async function inspectUpload(bytes: Buffer, decodable: Buffer = bytes): Promise<UploadInspection> {
  try {
    const [meta, fingerprint] = await Promise.all([sharp(bytes).metadata(), fingerprintImage(bytes, decodable)]);
    const time = readCaptureTime(meta.exif);
    return { fingerprint, captureTime: time ? { wallClock: time.wallClock.toISOString(), offset: time.offset } : null, takenAt: time ? formatCaptureTime(time) : null };
  } catch (err) {
    throw new EcoPointError('ImgInvalid', '사진 파일을 읽을 수 없어요. 다른 사진으로 다시 올려 주세요.', {}, { cause: err });
  }
}
