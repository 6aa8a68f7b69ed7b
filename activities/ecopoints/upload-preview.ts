/**
 * The preview of an upload: the photo upright, at most {@link PREVIEW_MAX_SIDE} px on its longer side, as a JPEG
 * without metadata (no EXIF: no GPS, no camera). Made once by the web tier when the upload arrives and stored in
 * GridFS `upload_previews` under the upload's id, it is what the detector reads (its input is 640 px; decoding a
 * 12 MP original for it costs ~10× more, and reading 4.5 MB back from GridFS as much again), what the annotated
 * copy is drawn on, and what mypage's thumbnails are cut from. The raw upload stays as sent, for training and
 * appeals; detections reported for it are scaled to its pixels ({@link PreviewMetadata}).
 */
import sharp from 'sharp';
import { DEFAULT_MAX_PIXELS } from '../images/detector/decode-image';

/** Longer side of a preview, pixels (also the annotated copy people see). */
export const PREVIEW_MAX_SIDE = 1600;

/** What a preview's GridFS metadata says of the raw upload it was made from. */
export interface PreviewMetadata {
  /** Width of the raw upload as displayed (EXIF orientation applied), pixels. */
  readonly rawWidth: number;
  /** Height of the raw upload as displayed, pixels. */
  readonly rawHeight: number;
}

/** A preview and the facts that go with it. */
export interface UploadPreview extends PreviewMetadata {
  readonly bytes: Buffer;
  readonly width: number;
  readonly height: number;
}

/**
 * Makes the preview of an image sharp can read (the caller has checked type and size).
 * @throws whatever sharp throws for an unreadable image
 */
export async function makePreview(image: Buffer): Promise<UploadPreview> {
  const meta = await sharp(image, { limitInputPixels: DEFAULT_MAX_PIXELS }).metadata();
  const turned = (meta.orientation ?? 1) >= 5;
  const { data, info } = await sharp(image, { limitInputPixels: DEFAULT_MAX_PIXELS, failOn: 'none' })
    .autoOrient()
    .resize(PREVIEW_MAX_SIDE, PREVIEW_MAX_SIDE, { fit: 'inside', withoutEnlargement: true })
    .jpeg({ quality: 90 })
    .toBuffer({ resolveWithObject: true });
  const rawWidth = (turned ? meta.height : meta.width) ?? info.width;
  const rawHeight = (turned ? meta.width : meta.height) ?? info.height;
  return { bytes: data, width: info.width, height: info.height, rawWidth, rawHeight };
}

/** Reads a preview's metadata back (null when it is not one of ours). */
export function previewMetadataOf(metadata: Record<string, unknown> | undefined): PreviewMetadata | null {
  const rawWidth = metadata?.rawWidth;
  const rawHeight = metadata?.rawHeight;
  return typeof rawWidth === 'number' && typeof rawHeight === 'number' && rawWidth > 0 && rawHeight > 0 ? { rawWidth, rawHeight } : null;
}
