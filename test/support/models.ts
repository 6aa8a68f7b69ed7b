/**
 * Integration-test support for the model registry: an empty registry in the test database, model bundles
 * made from the committed model under other versions (or broken on purpose), and confirmed training samples
 * (an upload image in GridFS plus its ground truth) on either side of the held-out line.
 */
import { copyFile, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Db, ObjectId } from 'mongodb';
import { putImage } from '../../activities/ecopoints/upload-records';
import { DEFAULT_MODEL_DIR } from '../../activities/images/detector/session';
import type { BundleOnDisk } from '../../activities/models/register-model';
import { type GroundTruthBox, type Split, splitFor } from '../../domain/ground-truth';
import { COLLECTIONS, GRIDFS_BUCKETS } from '../../infra/contracts';

/** Empties the registry of the test database (records, active pointer, log and stored files). */
export async function resetRegistry(db: Db): Promise<void> {
  await Promise.all([COLLECTIONS.models, COLLECTIONS.modelActive, COLLECTIONS.modelPromotions, `${GRIDFS_BUCKETS.modelFiles}.files`, `${GRIDFS_BUCKETS.modelFiles}.chunks`].map((c) => db.collection(c).deleteMany({})));
}

/** The committed model under another `version` in a temporary folder; `junk` replaces the ONNX file with bytes no runtime loads. */
export async function testBundle(version: string, options: { junk?: boolean } = {}): Promise<BundleOnDisk> {
  const dir = await mkdtemp(path.join(tmpdir(), 'ciao-bundle-'));
  const meta = JSON.parse(await readFile(path.join(DEFAULT_MODEL_DIR, 'detector.json'), 'utf8')) as Record<string, unknown>;
  await writeFile(path.join(dir, 'detector.json'), JSON.stringify({ ...meta, version }, null, 2));
  if (options.junk) await writeFile(path.join(dir, 'detector.onnx'), `not a model ${version}`);
  else await copyFile(path.join(DEFAULT_MODEL_DIR, 'detector.onnx'), path.join(dir, 'detector.onnx'));
  return { dir, files: ['detector.json', 'detector.onnx'], main: 'detector.onnx', metadata: 'detector.json' };
}

/** A fresh upload id on the given side of the held-out line. */
export function uploadIdOn(split: Split): string {
  for (;;) {
    const id = new ObjectId().toHexString();
    if (splitFor(id) === split) return id;
  }
}

/**
 * Stores `photo` as an upload and a `training_samples` document an admin confirmed with `boxes`.
 * @returns the upload id
 */
export async function confirmedSample(db: Db, photo: Buffer, size: { width: number; height: number }, boxes: readonly GroundTruthBox[], split: Split, userId: string): Promise<string> {
  const uploadId = uploadIdOn(split);
  await putImage(db, 'uploads', uploadId, photo, `${uploadId}.jpg`, { userId, service: 1, contentType: 'image/jpeg' });
  await db.collection<{ _id: string }>(COLLECTIONS.trainingSamples).insertOne({
    _id: uploadId,
    uploadId,
    userId,
    service: 1,
    rawFileId: uploadId,
    modelVersion: 'test',
    detections: [],
    verdict: { accepted: false, points: 0, code: 'ModelNoPlastic' },
    createdAt: new Date(),
    appeal: null,
    review: 'confirmed',
    groundTruth: { boxes, width: size.width, height: size.height, confirmedBy: 'admin_test', confirmedAt: new Date(), split },
  } as { _id: string });
  return uploadId;
}

/** Removes the confirmed samples (and their images) of the given uploads. */
export async function removeSamples(db: Db, uploadIds: readonly string[]): Promise<void> {
  if (uploadIds.length === 0) return;
  await db.collection<{ _id: string }>(COLLECTIONS.trainingSamples).deleteMany({ _id: { $in: [...uploadIds] } });
  for (const id of uploadIds) await db.collection(`${GRIDFS_BUCKETS.uploads}.files`).deleteOne({ _id: new ObjectId(id) }).catch(() => undefined);
  await db.collection(`${GRIDFS_BUCKETS.uploads}.chunks`).deleteMany({ files_id: { $in: uploadIds.map((id) => new ObjectId(id)) } });
}
