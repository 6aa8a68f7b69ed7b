/**
 * The bytes of registered model versions: GridFS bucket `model_files`, one file per content (found by its
 * SHA-256 in the file's metadata), so two versions sharing a file store it once and a retried upload is a no-op.
 * GridFS writes the files document after the last chunk, so a half-written upload is never found.
 */
import { createHash } from 'node:crypto';
import { type Db, GridFSBucket } from 'mongodb';
import { InfraError } from '../../domain/errors';
import { GRIDFS_BUCKETS } from '../../infra/contracts';

/** Chunk size of model files: 1 MiB (fewer round trips on FerretDB than GridFS's 255 KiB). */
const CHUNK_BYTES = 1024 * 1024;

function bucketOf(db: Db): GridFSBucket {
  return new GridFSBucket(db, { bucketName: GRIDFS_BUCKETS.modelFiles, chunkSizeBytes: CHUNK_BYTES });
}

/** SHA-256 of `bytes`, hex. */
export function sha256Of(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Stores `bytes` unless a file with the same SHA-256 is there already.
 * @returns the SHA-256 and whether it was written now
 */
export async function putModelFile(db: Db, name: string, bytes: Buffer): Promise<{ sha256: string; written: boolean }> {
  const sha256 = sha256Of(bytes);
  const bucket = bucketOf(db);
  if ((await bucket.find({ 'metadata.sha256': sha256 }).limit(1).toArray()).length > 0) return { sha256, written: false };
  await new Promise<void>((resolve, reject) => {
    const stream = bucket.openUploadStream(name, { metadata: { sha256, bytes: bytes.length } });
    stream.once('error', reject);
    stream.once('finish', () => resolve());
    stream.end(bytes);
  });
  return { sha256, written: true };
}

/**
 * The bytes of the file with this SHA-256, checked against it.
 * @throws InfraError `NotFound` when no such file is stored; `Conflict` when the stored bytes do not hash to it
 */
export async function readModelFile(db: Db, sha256: string): Promise<Buffer> {
  const bucket = bucketOf(db);
  const [file] = await bucket.find({ 'metadata.sha256': sha256 }).limit(1).toArray();
  if (!file) throw new InfraError('NotFound', `No model file with SHA-256 ${sha256} in GridFS ${GRIDFS_BUCKETS.modelFiles}.`, { sha256 });
  const chunks: Buffer[] = [];
  for await (const chunk of bucket.openDownloadStream(file._id)) chunks.push(chunk as Buffer);
  const bytes = Buffer.concat(chunks);
  const got = sha256Of(bytes);
  if (got !== sha256) throw new InfraError('Conflict', `Model file ${file.filename} should hash to ${sha256} but hashes to ${got}.`, { sha256, got });
  return bytes;
}
