/**
 * `export_data` of `detector_retrain`: the run's training set — the synthetic set and the uploads an admin
 * confirmed on the `train` side — in YOLO layout on HDFS, `/ciao/models/detector/retrain/<version>/`:
 *
 * ```
 * train/images/syn-00000.jpg  train/labels/syn-00000.txt   (synthetic)
 * train/images/up-<uploadId>.jpg  train/labels/up-<uploadId>.txt   (confirmed uploads, upright, ≤ 1280 px)
 * val/…        (synthetic validation images: mAP during training)
 * dataset.json (classes, counts, seed key)   MANIFEST.sha256 (one `sha256  path` line per file)
 * ```
 *
 * The folder is written under staging and swapped into place (`swapIntoPlace`), so a rerun replaces it whole
 * and a reader never sees half a set. Held-out uploads never enter it (`groundTruth.split`).
 */
import { createHash } from 'node:crypto';
import { copyFile, link, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Db } from 'mongodb';
import sharp from 'sharp';
import { LABEL_CLASSES, type GroundTruth } from '../../domain/ground-truth';
import { HDFS_PATHS } from '../../infra/contracts';
import type { HdfsClient } from '../../infra/hdfs';
import { swapIntoPlace } from '../../infra/hdfs-swap';
import { readDecodableUpload } from '../ecopoints/upload-records';
import { confirmedSamples } from './eval-sets';
import { listLocalFiles, uploadToHdfs } from './hdfs-folder';
import type { DataSnapshot } from './model-record';
import { ensureSyntheticSet, type SyntheticSpec } from './synthetic-set';

/** Longest side of a confirmed upload in the training set (the model sees 640 px; more only costs space). */
export const EXPORT_MAX_SIDE = 1280;

/** HDFS folder of a version's training set. */
export function retrainDataPath(version: string): string {
  return `${HDFS_PATHS.detectorRetrain}/${version}`;
}

/** Options of {@link exportRetrainSet}. */
export interface ExportOptions {
  readonly db: Db;
  readonly hdfs: HdfsClient;
  readonly cacheDir: string;
  readonly version: string;
  readonly synthetic: SyntheticSpec;
  /** At most this many confirmed uploads (the oldest ids first). */
  readonly maxConfirmed: number;
  /** Distinguishes the staging folder of one attempt from another's. */
  readonly attempt: number;
  readonly onProgress?: (stage: string, done: number, total: number) => void;
}

/** The YOLO label lines of a confirmed photo (normalised by the ground truth's own size, boxes clipped to it). */
export function yoloLinesOf(gt: Pick<GroundTruth, 'boxes' | 'width' | 'height'>): string {
  const clip = (v: number, max: number) => Math.min(max, Math.max(0, v));
  return gt.boxes
    .map(({ className, box }) => {
      const x1 = clip(box.x1, gt.width);
      const x2 = clip(box.x2, gt.width);
      const y1 = clip(box.y1, gt.height);
      const y2 = clip(box.y2, gt.height);
      if (x2 <= x1 || y2 <= y1) return null;
      const f = (v: number) => v.toFixed(6);
      return `${LABEL_CLASSES.indexOf(className)} ${f((x1 + x2) / 2 / gt.width)} ${f((y1 + y2) / 2 / gt.height)} ${f((x2 - x1) / gt.width)} ${f((y2 - y1) / gt.height)}`;
    })
    .filter((l): l is string => l !== null)
    .map((l) => `${l}\n`)
    .join('');
}

async function linkOrCopy(from: string, to: string): Promise<void> {
  await link(from, to).catch(() => copyFile(from, to));
}

/**
 * Builds the set locally, uploads it to HDFS staging and swaps it into {@link retrainDataPath}.
 * @returns the data snapshot the registry records
 */
export async function exportRetrainSet(options: ExportOptions): Promise<DataSnapshot & { readonly hdfsPath: string; readonly sha256: string }> {
  const { version, synthetic } = options;
  const progress = options.onProgress ?? (() => undefined);
  const syntheticDir = await ensureSyntheticSet(options.cacheDir, synthetic);
  const local = path.join(options.cacheDir, 'retrain', version, 'export');
  await rm(local, { recursive: true, force: true });
  for (const split of ['train', 'val']) for (const sub of ['images', 'labels']) await mkdir(path.join(local, split, sub), { recursive: true });

  for (const split of ['train', 'val'] as const) {
    const n = split === 'train' ? synthetic.train : synthetic.val;
    for (let i = 0; i < n; i++) {
      const name = String(i).padStart(5, '0');
      await linkOrCopy(path.join(syntheticDir, split, 'images', `${name}.jpg`), path.join(local, split, 'images', `syn-${name}.jpg`));
      await linkOrCopy(path.join(syntheticDir, split, 'labels', `${name}.txt`), path.join(local, split, 'labels', `syn-${name}.txt`));
    }
  }

  const { samples, invalid } = await confirmedSamples(options.db, 'train');
  const chosen = samples.slice(0, options.maxConfirmed);
  let done = 0;
  for (const { uploadId, groundTruth } of chosen) {
    const raw = await readDecodableUpload(options.db, uploadId);
    const upright = await sharp(raw, { limitInputPixels: 40_000_000 }).rotate().resize(EXPORT_MAX_SIDE, EXPORT_MAX_SIDE, { fit: 'inside', withoutEnlargement: true }).jpeg({ quality: 92 }).toBuffer();
    await writeFile(path.join(local, 'train', 'images', `up-${uploadId}.jpg`), upright);
    await writeFile(path.join(local, 'train', 'labels', `up-${uploadId}.txt`), yoloLinesOf(groundTruth));
    progress('confirmed', ++done, chosen.length);
  }

  const files = await listLocalFiles(local);
  const manifest: string[] = [];
  for (const rel of files) manifest.push(`${createHash('sha256').update(await readFile(path.join(local, ...rel.split('/')))).digest('hex')}  ${rel}`);
  const manifestText = `${manifest.join('\n')}\n`;
  const sha256 = createHash('sha256').update(manifestText).digest('hex');
  const counts = { syntheticTrain: synthetic.train, syntheticVal: synthetic.val, confirmed: chosen.length, confirmedInvalid: invalid.length };
  // train.py keys its letterbox cache by the dataset's `seed` and the image count: the content hash keeps two
  // sets of the same size apart.
  await writeFile(path.join(local, 'dataset.json'), JSON.stringify({ classes: LABEL_CLASSES, seed: `${synthetic.seed}-${sha256.slice(0, 16)}`, counts: { train: synthetic.train + chosen.length, val: synthetic.val, test: 0 }, sources: counts, version }, null, 2));
  await writeFile(path.join(local, 'MANIFEST.sha256'), manifestText);

  const target = retrainDataPath(version);
  const staged = `${HDFS_PATHS.staging}/retrain/${version}.${options.attempt}`;
  await options.hdfs.delete(staged, { recursive: true });
  await uploadToHdfs(options.hdfs, local, [...files, 'dataset.json', 'MANIFEST.sha256'], staged, (d, t) => progress('upload', d, t));
  await swapIntoPlace(options.hdfs, staged, target, `${HDFS_PATHS.staging}/aside`);
  await rm(local, { recursive: true, force: true });
  return {
    description: `synthetic seed ${synthetic.seed} (${synthetic.train} train, ${synthetic.val} val) + ${chosen.length} confirmed uploads`,
    counts,
    hdfsPath: target,
    sha256,
  };
}
