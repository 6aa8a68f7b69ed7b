import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { after, describe, it } from 'node:test';
import { GridFSBucket, ObjectId } from 'mongodb';
import { chunkId, deleteGridFile, readGridFile, statGridFile, writeGridFile } from '../../../infra/gridfs-files';
import { useStores, uniqueSuffix } from '../../support/stores';

const { stores } = useStores();
const { db } = stores.mongo;
const bucket = `test_gridfiles_${uniqueSuffix()}`;
const driver = () => new GridFSBucket(db, { bucketName: bucket });
after(() => driver().drop().catch(() => undefined));

async function driverRead(id: ObjectId): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of driver().openDownloadStream(id)) parts.push(part as Buffer);
  return Buffer.concat(parts);
}

describe('GridFS files read back by _id (real FerretDB)', () => {
  it('writes chunks named <id>:<n> that this reader and the driver’s GridFSBucket both read byte for byte', async () => {
    const id = new ObjectId();
    const bytes = randomBytes(2.5 * 1024 * 1024);
    await writeGridFile(db, bucket, id, bytes, { filename: 'photo.jpg', metadata: { userId: 'kim' }, chunkSize: 1024 * 1024 });
    assert.deepEqual(await readGridFile(db, bucket, id), bytes);
    assert.deepEqual(await driverRead(id), bytes);
    const chunks = await db.collection(`${bucket}.chunks`).find({ files_id: id }).sort({ n: 1 }).toArray();
    assert.deepEqual(chunks.map((c) => c._id), [0, 1, 2].map((n) => chunkId(id, n)));
    const file = await statGridFile(db, bucket, id);
    assert.equal(file?.length, bytes.length);
    assert.equal(file?.metadata?.userId, 'kim');
    assert.deepEqual((await driver().find({ _id: id }).toArray()).map((f) => f.filename), ['photo.jpg']);
  });

  it('reads a file the driver wrote (chunks with ids of its own)', async () => {
    const bytes = randomBytes(600 * 1024);
    const upload = driver().openUploadStream('old.jpg', { chunkSizeBytes: 255 * 1024 });
    await pipeline(Readable.from([bytes]), upload);
    assert.deepEqual(await readGridFile(db, bucket, upload.id), bytes);
  });

  it('replaces a file written before (a retried write) and leaves no chunk of the old one', async () => {
    const id = new ObjectId();
    await writeGridFile(db, bucket, id, randomBytes(3000), { filename: 'a', chunkSize: 1000 });
    const shorter = randomBytes(1500);
    await writeGridFile(db, bucket, id, shorter, { filename: 'b', chunkSize: 1000 });
    assert.deepEqual(await readGridFile(db, bucket, id), shorter);
    assert.equal(await db.collection(`${bucket}.chunks`).countDocuments({ files_id: id }), 2);
    assert.equal((await statGridFile(db, bucket, id))?.filename, 'b');
  });

  it('keeps an empty file, answers null for a missing one, and deletes ours and the driver’s with their chunks', async () => {
    const empty = new ObjectId();
    await writeGridFile(db, bucket, empty, Buffer.alloc(0), { filename: 'empty', chunkSize: 1000 });
    assert.deepEqual(await readGridFile(db, bucket, empty), Buffer.alloc(0));
    assert.equal(await readGridFile(db, bucket, new ObjectId()), null);
    const ours = new ObjectId();
    await writeGridFile(db, bucket, ours, randomBytes(2500), { filename: 'x', chunkSize: 1000 });
    const theirs = driver().openUploadStream('y', { chunkSizeBytes: 1000 });
    await pipeline(Readable.from([randomBytes(2500)]), theirs);
    for (const id of [ours, theirs.id]) {
      await deleteGridFile(db, bucket, id);
      assert.equal(await readGridFile(db, bucket, id), null);
      assert.equal(await db.collection(`${bucket}.chunks`).countDocuments({ files_id: id }), 0);
    }
    await deleteGridFile(db, bucket, new ObjectId());
  });
});
