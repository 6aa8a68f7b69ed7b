/**
 * The images of the labelling pages, made from the upload's preview (or the raw upload) by sharp: always re-encoded
 * as JPEG without metadata (sharp writes no EXIF, GPS or ICC profile unless asked), upright (EXIF orientation
 * applied), never the bytes as the member sent them.
 * - `full`: the editor's image, at most {@link EDITOR_MAX_SIDE} px; the editor maps it onto the raw image's
 *   pixels, so boxes are stored in raw pixels whatever the size served;
 * - `thumb`: the queue's thumbnail, at most {@link THUMB_MAX_SIDE} px, with the model's boxes drawn on it.
 */
import type { Db } from 'mongodb';
import sharp from 'sharp';
import { CLASS_COLORS } from '../../../activities/images/detector/annotate';
import { inspectImage } from '../../../activities/images/detector/decode-image';
import { findImage, imageMetadata, readDecodableUpload } from '../../../activities/ecopoints/upload-records';
import { previewMetadataOf } from '../../../activities/ecopoints/upload-preview';
import type { Size } from './box-geometry';
import type { SampleDetection } from './sample-doc';

/** Longest side of the editor's image, px. */
export const EDITOR_MAX_SIDE = 1600;
/** Longest side of a thumbnail, px. */
export const THUMB_MAX_SIDE = 320;

/** Same limit as the detector's (a 12 MP phone photo is 4032 × 3024). */
const MAX_PIXELS = 40_000_000;

/**
 * The image to cut the pages' images from, and the raw upload's upright size (the pixels boxes are in): the
 * upload's preview (≤ 1600 px, upright: activities/ecopoints/upload-preview.ts) when it has one, else the raw
 * upload itself.
 */
export async function readRawUpload(db: Db, uploadId: string): Promise<{ readonly raw: Buffer; readonly size: Size }> {
  const preview = await findImage(db, 'previews', uploadId);
  const sizes = preview ? previewMetadataOf(preview.metadata) : null;
  if (preview && sizes) return { raw: preview.bytes, size: { width: sizes.rawWidth, height: sizes.rawHeight } };
  const raw = await readDecodableUpload(db, uploadId);
  const info = await inspectImage(raw, { maxPixels: MAX_PIXELS, maxBytes: Number.MAX_SAFE_INTEGER });
  return { raw, size: { width: info.width, height: info.height } };
}

/**
 * The upright size of upload `uploadId` (the pixels boxes are in): from its preview's metadata, no bytes read;
 * uploads older than previews are read and inspected.
 */
export async function uploadSize(db: Db, uploadId: string): Promise<Size> {
  const sizes = previewMetadataOf((await imageMetadata(db, 'previews', uploadId)) ?? undefined);
  return sizes ? { width: sizes.rawWidth, height: sizes.rawHeight } : (await readRawUpload(db, uploadId)).size;
}

/** The size of an upright image of `size` shrunk to fit `maxSide` (never enlarged). */
export function fittedSize(size: Size, maxSide: number): Size {
  const scale = Math.min(1, maxSide / Math.max(size.width, size.height));
  return { width: Math.max(1, Math.round(size.width * scale)), height: Math.max(1, Math.round(size.height * scale)) };
}

/** The editor's image: upright, at most {@link EDITOR_MAX_SIDE} px, JPEG without metadata. */
export async function editorImage(raw: Buffer, size: Size): Promise<Buffer> {
  const out = fittedSize(size, EDITOR_MAX_SIDE);
  return sharp(raw, { failOn: 'none', limitInputPixels: MAX_PIXELS }).autoOrient().resize(out.width, out.height, { fit: 'fill' }).jpeg({ quality: 85 }).toBuffer();
}

/** The SVG of `detections` (raw pixels of an image of `size`) drawn over a copy of `out` px. */
export function thumbnailBoxesSvg(detections: readonly SampleDetection[], size: Size, out: Size): string {
  const sx = out.width / size.width;
  const sy = out.height / size.height;
  const rects = detections.map((d) => {
    const color = CLASS_COLORS[d.className] ?? '#ffab00';
    const x = d.box.x1 * sx;
    const y = d.box.y1 * sy;
    return `<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${((d.box.x2 - d.box.x1) * sx).toFixed(1)}" height="${((d.box.y2 - d.box.y1) * sy).toFixed(1)}" fill="none" stroke="${color}" stroke-width="2"/>`;
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${out.width}" height="${out.height}">${rects.join('')}</svg>`;
}

/** The queue's thumbnail: upright, at most {@link THUMB_MAX_SIDE} px, the model's boxes drawn, JPEG without metadata. */
export async function thumbnailImage(raw: Buffer, size: Size, detections: readonly SampleDetection[]): Promise<Buffer> {
  const out = fittedSize(size, THUMB_MAX_SIDE);
  const small = await sharp(raw, { failOn: 'none', limitInputPixels: MAX_PIXELS }).autoOrient().resize(out.width, out.height, { fit: 'fill' }).toBuffer();
  const overlay = Buffer.from(thumbnailBoxesSvg(detections, size, out));
  return sharp(small).composite([{ input: overlay, top: 0, left: 0 }]).jpeg({ quality: 80 }).toBuffer();
}
