/**
 * The image sets models are measured on, each image with its ground-truth boxes in pixels of the upright image:
 * - the synthetic test split (YOLO folder written by ml/detector/generate_data.py);
 * - the **real held-out split**: the photos of `ml/detector/data/real/` (YOLO layout + SOURCES.csv) and the
 *   uploads an admin confirmed whose `groundTruth.split` is `heldout` (`training_samples`, image in GridFS
 *   `uploads`). Never trained on.
 */
import { createHash } from 'node:crypto';
import { access, readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { Value } from '@sinclair/typebox/value';
import type { Db } from 'mongodb';
import Papa from 'papaparse';
import sharp from 'sharp';
import { LABEL_CLASSES, GroundTruthSchema, type GroundTruth } from '../../domain/ground-truth';
import { COLLECTIONS } from '../../infra/contracts';
import { readDecodableUpload } from '../ecopoints/upload-records';
import { DETECTOR_ML_DIR } from '../images/detector/ml-python';
import { parseYoloLabels } from '../images/detector/evaluate-split';

/** The real-photo folder (committed; licences in its SOURCES.csv). */
export const REAL_PHOTOS_DIR = path.join(DETECTOR_ML_DIR, 'data', 'real');

/** A ground-truth box by class name, in pixels of the upright image. */
export interface TruthBox {
  readonly className: string;
  readonly box: { readonly x1: number; readonly y1: number; readonly x2: number; readonly y2: number };
}

/** One image of a set; its bytes are read only when measured. */
export interface EvalImage {
  readonly id: string;
  load(): Promise<{ readonly bytes: Buffer; readonly truths: readonly TruthBox[] }>;
}

/** A named set of images. */
export interface EvalSet {
  readonly name: 'synthetic' | 'real';
  /** Where the images come from, for people. */
  readonly source: string;
  readonly images: readonly EvalImage[];
}

/** SHA-256 of the sorted image ids: two measurements with the same hash measured the same images. */
export function setHashOf(set: EvalSet): string {
  return createHash('sha256').update(set.images.map((i) => i.id).sort().join('\n')).digest('hex');
}

/** Width and height of the image as displayed (EXIF orientations 5–8 turn it a quarter). */
async function uprightSize(bytes: Buffer): Promise<{ width: number; height: number }> {
  const m = await sharp(bytes).metadata();
  const turned = (m.orientation ?? 1) >= 5;
  return { width: (turned ? m.height : m.width) ?? 0, height: (turned ? m.width : m.height) ?? 0 };
}

async function exists(p: string): Promise<boolean> {
  return access(p).then(
    () => true,
    () => false,
  );
}

/**
 * The images of a YOLO folder (`<dir>/images/*` with `<dir>/labels/<stem>.txt`; class ids in the order
 * plastic, label, can), sorted by name; an image without a label file has no objects.
 * @param limit - at most this many images (the first by name). Default: all
 */
export async function yoloFolderSet(name: EvalSet['name'], dir: string, source: string, limit = Infinity): Promise<EvalSet> {
  const imageDir = path.join(dir, 'images');
  const names = (await exists(imageDir)) ? (await readdir(imageDir)).filter((n) => /\.(jpe?g|png|webp)$/i.test(n)).sort().slice(0, limit) : [];
  const images: EvalImage[] = names.map((file) => ({
    id: `${source}/${file}`,
    async load() {
      const bytes = await readFile(path.join(imageDir, file));
      const labelFile = path.join(dir, 'labels', file.replace(/\.[^.]+$/, '.txt'));
      const text = (await exists(labelFile)) ? await readFile(labelFile, 'utf8') : '';
      const { width, height } = await uprightSize(bytes);
      const truths = parseYoloLabels(text, width, height).map((t) => ({ className: LABEL_CLASSES[t.classId] ?? `class${t.classId}`, box: t.box }));
      return { bytes, truths };
    },
  }));
  return { name, source, images };
}

/** A confirmed sample as read from `training_samples`. */
interface ConfirmedSampleDoc {
  _id: string;
  groundTruth?: unknown;
}

/** Confirmed samples of one split, with their ground truth checked against the schema (invalid ones are counted and skipped). */
export async function confirmedSamples(db: Db, split: GroundTruth['split']): Promise<{ samples: { uploadId: string; groundTruth: GroundTruth }[]; invalid: string[] }> {
  const docs = await db
    .collection<ConfirmedSampleDoc>(COLLECTIONS.trainingSamples)
    .find({ review: 'confirmed', 'groundTruth.split': split }, { projection: { _id: 1, groundTruth: 1 } })
    .sort({ _id: 1 })
    .toArray();
  const samples: { uploadId: string; groundTruth: GroundTruth }[] = [];
  const invalid: string[] = [];
  for (const d of docs) {
    if (Value.Check(GroundTruthSchema, d.groundTruth)) samples.push({ uploadId: d._id, groundTruth: d.groundTruth });
    else invalid.push(d._id);
  }
  return { samples, invalid };
}

/**
 * The image files `SOURCES.csv` of a real photo folder accounts for: a row with the file name, a source and a
 * licence. A photo without one is not used — no photo without a recorded licence enters a figure.
 */
export async function licensedPhotos(realDir: string): Promise<Set<string>> {
  const file = path.join(realDir, 'SOURCES.csv');
  if (!(await exists(file))) return new Set();
  const rows = Papa.parse<Record<string, string>>(await readFile(file, 'utf8'), { header: true, skipEmptyLines: true }).data;
  // The source column is `source` (where the file came from: a package, a URL); `source_url` is read too.
  return new Set(rows.filter((r) => r.file?.trim() && (r.source ?? r.source_url)?.trim() && r.licence?.trim()).map((r) => path.basename(r.file?.trim() ?? '')));
}

/**
 * The real held-out split: the real photos of the folder that `SOURCES.csv` licenses, plus the confirmed
 * held-out uploads.
 * @param realDir - folder of the real photos. Default {@link REAL_PHOTOS_DIR}
 */
export async function realHeldoutSet(db: Db, realDir: string = REAL_PHOTOS_DIR): Promise<EvalSet> {
  const all = await yoloFolderSet('real', realDir, 'ml/detector/data/real');
  const licensed = await licensedPhotos(realDir);
  const folder = { ...all, images: all.images.filter((i) => licensed.has(path.basename(i.id))) };
  const unlicensed = all.images.length - folder.images.length;
  const { samples } = await confirmedSamples(db, 'heldout');
  const uploads: EvalImage[] = samples.map(({ uploadId, groundTruth }) => ({
    id: `training_samples/${uploadId}`,
    async load() {
      return { bytes: await readDecodableUpload(db, uploadId), truths: groundTruth.boxes };
    },
  }));
  return {
    name: 'real',
    source: `${folder.images.length} photos of ml/detector/data/real${unlicensed ? ` (${unlicensed} without a SOURCES.csv row left out)` : ''} + ${uploads.length} confirmed held-out uploads (training_samples)`,
    images: [...folder.images, ...uploads],
  };
}
