/**
 * GridFS files written and read so that every query names an `_id`.
 *
 * FerretDB's SQLite backend (the local stack's MongoDB) pushes only `_id` filters down to SQLite (to its _id index
 * since the stack's build fixed the lookup expression: infra/stack/services/ferretdb/install.sh); the driver's
 * `GridFSBucket` reads a file's chunks with `{ files_id }`, which makes FerretDB read and parse every chunk of
 * the bucket — a 4.5 MB photo took 0.5 s to read with 31 chunks in the bucket, and the cost grows with every
 * upload kept. Here the chunk `_id`s are chosen, `<file id hex>:<n>`, so a read is the files document plus one
 * lookup per chunk, whatever the bucket holds.
 *
 * The layout stays standard GridFS (`<bucket>.files` with length and chunkSize, `<bucket>.chunks` with files_id,
 * n and data), so any GridFS reader (`GridFSBucket`, mongofiles) reads these files too; and {@link readGridFile}
 * reads files another writer made (their chunks have other ids) through `GridFSBucket`.
 */
import { Binary, GridFSBucket, type Db, type ObjectId } from 'mongodb';

/** The files document of a stored file. */
export interface GridFileDoc {
  readonly _id: ObjectId;
  readonly length: number;
  readonly chunkSize: number;
  readonly uploadDate: Date;
  readonly filename: string;
  readonly metadata?: Record<string, unknown>;
}

interface ChunkDoc {
  _id: string;
  files_id: ObjectId;
  n: number;
  data: Binary;
}

/** The `_id` of chunk `n` of file `id`. */
export const chunkId = (id: ObjectId, n: number): string => `${id.toHexString()}:${n}`;

const filesOf = (db: Db, bucket: string) => db.collection<GridFileDoc>(`${bucket}.files`);
const chunksOf = (db: Db, bucket: string) => db.collection<ChunkDoc>(`${bucket}.chunks`);
const chunkCount = (length: number, chunkSize: number): number => Math.ceil(length / chunkSize);

/** Options of {@link writeGridFile}. */
export interface WriteGridFileOptions {
  readonly filename: string;
  readonly metadata?: Record<string, unknown>;
  /** Bytes per chunk document. */
  readonly chunkSize: number;
}

/**
 * Writes `bytes` as file `id` of `bucket`, replacing the file if it exists (a retried write). The chunks go
 * first and the files document last, so a reader that finds the files document finds the file whole; a write
 * cut short leaves chunks no files document names, which the next write of `id` replaces.
 */
export async function writeGridFile(db: Db, bucket: string, id: ObjectId, bytes: Buffer, options: WriteGridFileOptions): Promise<void> {
  const { chunkSize } = options;
  if (!Number.isInteger(chunkSize) || chunkSize <= 0) throw new RangeError(`chunkSize must be a positive integer, got ${chunkSize}`);
  // A file of that id already (a retried write): it goes first, whoever wrote it.
  await deleteGridFile(db, bucket, id);
  const count = chunkCount(bytes.length, chunkSize);
  const chunks = chunksOf(db, bucket);
  const docs = Array.from({ length: count }, (_, n): ChunkDoc => ({ _id: chunkId(id, n), files_id: id, n, data: new Binary(bytes.subarray(n * chunkSize, (n + 1) * chunkSize)) }));
  if (docs.length > 0) {
    // Inserted, not upserted: one statement per chunk (FerretDB answers an upsert with a read and a write). A write cut short may have left
    // some of these chunks without their files document: they go (by _id) and the insert is tried once more.
    try {
      await chunks.insertMany(docs, { ordered: true });
    } catch (err) {
      if ((err as { code?: number }).code !== 11000) throw err;
      for (const doc of docs) await chunks.deleteOne({ _id: doc._id });
      await chunks.insertMany(docs, { ordered: true });
    }
  }
  const doc: GridFileDoc = { _id: id, length: bytes.length, chunkSize, uploadDate: new Date(), filename: options.filename, ...(options.metadata ? { metadata: options.metadata } : {}) };
  // Inserted (the file of that id was removed above): one statement, where FerretDB answers an upsert with two.
  await filesOf(db, bucket).insertOne(doc);
}

/** The files document of file `id`, or null. */
export async function statGridFile(db: Db, bucket: string, id: ObjectId): Promise<GridFileDoc | null> {
  return filesOf(db, bucket).findOne({ _id: id });
}

/** The bytes of file `id` of `bucket`, or null when there is no such file. */
export async function readGridFile(db: Db, bucket: string, id: ObjectId): Promise<Buffer | null> {
  const file = await statGridFile(db, bucket, id);
  return file ? readGridFileOf(db, bucket, file) : null;
}

/** The bytes of the file whose files document (from {@link statGridFile}) is `file`. */
export async function readGridFileOf(db: Db, bucket: string, file: GridFileDoc): Promise<Buffer> {
  const id = file._id;
  const count = chunkCount(file.length, file.chunkSize);
  const chunks = chunksOf(db, bucket);
  const found = await Promise.all(Array.from({ length: count }, (_, n) => chunks.findOne({ _id: chunkId(id, n) })));
  if (found.every((c, n) => c !== null && c.n === n)) {
    const bytes = Buffer.concat(found.map((c) => Buffer.from((c as ChunkDoc).data.buffer)));
    if (bytes.length === file.length) return bytes;
  }
  // Written by another GridFS writer (chunk ids of its own): the driver's reader finds them by files_id.
  const parts: Buffer[] = [];
  for await (const part of new GridFSBucket(db, { bucketName: bucket }).openDownloadStream(id)) parts.push(part as Buffer);
  return Buffer.concat(parts);
}

/** Removes file `id` of `bucket` (nothing when there is none). */
export async function deleteGridFile(db: Db, bucket: string, id: ObjectId): Promise<void> {
  const file = await statGridFile(db, bucket, id);
  if (!file) return;
  // The files document first: from then on readers see no file, whatever chunks remain.
  await filesOf(db, bucket).deleteOne({ _id: id });
  const chunks = chunksOf(db, bucket);
  const count = chunkCount(file.length, file.chunkSize);
  const removed = await Promise.all(Array.from({ length: count }, (_, n) => chunks.deleteOne({ _id: chunkId(id, n) })));
  if (removed.some((r) => r.deletedCount === 0)) await chunks.deleteMany({ files_id: id });
}
