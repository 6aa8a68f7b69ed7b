/**
 * "Taken today" (SPEC §1): the EXIF `DateTimeOriginal` of a photo, with `OffsetTimeOriginal` when the camera
 * wrote one, against today in Asia/Seoul. The EXIF tags are read by exif-reader from sharp's metadata; the
 * rule itself is pure.
 *
 * `DateTimeOriginal` is a naive wall-clock time (no zone). exif-reader returns it as a Date whose UTC fields are
 * that wall clock. With an offset (`+09:00`, `-05:00`) the instant is known and its Korea day is compared; without
 * one, the camera's clock is taken as Korea time (the service's users are in Korea) and its calendar day is
 * compared as written. The server's own time zone never enters.
 */
import exifReader from 'exif-reader';
import { SEOUL_OFFSET_MS, seoulDate } from '../../domain/korea-time';

/** The capture time tags of a photo, as read from EXIF. */
export interface CaptureTime {
  /** `DateTimeOriginal` as a Date whose UTC fields are the camera's wall clock (exif-reader's convention). */
  readonly wallClock: Date;
  /** `OffsetTimeOriginal` (`+09:00`), when present and well-formed. */
  readonly offset: string | null;
}

/** The outcome of {@link checkTakenToday}. */
export type PhotoDateVerdict =
  | { readonly ok: true; readonly takenAt: string; readonly takenDay: string }
  | { readonly ok: false; readonly code: 'ImgNoMeta' }
  | { readonly ok: false; readonly code: 'ImgNotToday'; readonly takenAt: string; readonly takenDay: string };

const OFFSET = /^([+-])(\d{2}):(\d{2})$/;

/** Minutes east of UTC of an EXIF offset string (`+09:00` → 540), or null when it is not one. */
export function offsetMinutes(offset: string | null | undefined): number | null {
  const m = OFFSET.exec((offset ?? '').trim());
  if (!m) return null;
  const minutes = Number(m[2]) * 60 + Number(m[3]);
  if (minutes > 14 * 60) return null;
  return m[1] === '-' ? -minutes : minutes;
}

/**
 * Reads `DateTimeOriginal` and `OffsetTimeOriginal` from a raw EXIF block (sharp's `metadata().exif`).
 * @returns null when the block is missing, unreadable or has no valid `DateTimeOriginal`
 */
export function readCaptureTime(exif: Buffer | undefined): CaptureTime | null {
  if (!exif || exif.length === 0) return null;
  let tags: ReturnType<typeof exifReader>;
  try {
    tags = exifReader(exif);
  } catch {
    return null;
  }
  const original = tags.Photo?.DateTimeOriginal;
  if (!(original instanceof Date) || Number.isNaN(original.getTime())) return null;
  const offset = tags.Photo?.OffsetTimeOriginal;
  return { wallClock: original, offset: typeof offset === 'string' && offsetMinutes(offset) !== null ? offset.trim() : null };
}

/** `2026-12-06T09:15:00+09:00` (with the camera's offset) or `2026-12-06T09:15:00` (naive) for logs and the upload record. */
export function formatCaptureTime(time: CaptureTime): string {
  return time.wallClock.toISOString().slice(0, 19) + (time.offset ?? '');
}

/** The Korea calendar day a photo was taken on. */
export function captureDay(time: CaptureTime): string {
  const minutes = offsetMinutes(time.offset);
  if (minutes === null) return time.wallClock.toISOString().slice(0, 10);
  const instant = time.wallClock.getTime() - minutes * 60_000;
  return seoulDate(new Date(instant));
}

/**
 * The "taken today" rule: no capture time → `ImgNoMeta`; taken on another Korea day than `now`'s → `ImgNotToday`.
 * @param now - the moment of the upload (default: now)
 */
export function checkTakenToday(time: CaptureTime | null, now: Date = new Date()): PhotoDateVerdict {
  if (!time) return { ok: false, code: 'ImgNoMeta' };
  const takenDay = captureDay(time);
  const takenAt = formatCaptureTime(time);
  if (takenDay !== seoulDate(now)) return { ok: false, code: 'ImgNotToday', takenAt, takenDay };
  return { ok: true, takenAt, takenDay };
}

/** The EXIF `DateTimeOriginal` text (`YYYY:MM:DD HH:MM:SS`) of `at` on the Korea wall clock (for test images and tools). */
export function exifDateTimeOf(at: Date): string {
  const iso = new Date(at.getTime() + SEOUL_OFFSET_MS).toISOString();
  return `${iso.slice(0, 4)}:${iso.slice(5, 7)}:${iso.slice(8, 10)} ${iso.slice(11, 19)}`;
}
