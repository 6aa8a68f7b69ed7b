/**
 * The bytes of registered model versions: GridFS bucket `model_files`, one file per content, so two versions
 * sharing a file store it once and a retried upload is a no-op. A file's id is the first 12 bytes of its SHA-256
 * (the full hash is in its metadata and checked on every read), so it is found by `_id`
 * (infra/gridfs-files.ts: FerretDB answers other filters by reading the whole bucket). The files document is
 * written after the last chunk, so a half-written upload is never found.
 */
import { createHash } from 'node:crypto';
import { type Db, ObjectId } from 'mongodb';
import { InfraError } from '../../domain/errors';
import { GRIDFS_BUCKETS } from '../../infra/contracts';
import { readGridFileOf, statGridFile, writeGridFile } from '../../infra/gridfs-files';

/** Chunk size of model files: 1 MiB (fewer round trips on FerretDB than GridFS's 255 KiB). */
const CHUNK_BYTES = 1024 * 1024;

/** The GridFS id of the file whose SHA-256 is `sha256`. */
const idOf = (sha256: string): ObjectId => new ObjectId(sha256.slice(0, 24));

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
  const stored = await statGridFile(db, GRIDFS_BUCKETS.modelFiles, idOf(sha256));
  if (stored?.metadata?.sha256 === sha256) return { sha256, written: false };
  await writeGridFile(db, GRIDFS_BUCKETS.modelFiles, idOf(sha256), bytes, { filename: name, metadata: { sha256, bytes: bytes.length }, chunkSize: CHUNK_BYTES });
  return { sha256, written: true };
}

/**
 * The bytes of the file with this SHA-256, checked against it.
 * @throws InfraError `NotFound` when no such file is stored; `Conflict` when the stored bytes do not hash to it
 */
export async function readModelFile(db: Db, sha256: string): Promise<Buffer> {
  const file = /^[0-9a-f]{64}$/.test(sha256) ? await statGridFile(db, GRIDFS_BUCKETS.modelFiles, idOf(sha256)) : null;
  const bytes = file?.metadata?.sha256 === sha256 ? await readGridFileOf(db, GRIDFS_BUCKETS.modelFiles, file) : null;
  if (!file || !bytes) throw new InfraError('NotFound', `No model file with SHA-256 ${sha256} in GridFS ${GRIDFS_BUCKETS.modelFiles}.`, { sha256 });
  const got = sha256Of(bytes);
  if (got !== sha256) throw new InfraError('Conflict', `Model file ${file.filename} should hash to ${sha256} but hashes to ${got}.`, { sha256, got });
  return bytes;
}
