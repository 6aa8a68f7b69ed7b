import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { GridFSBucket, MongoServerError } from 'mongodb';
import { useStores, uniqueSuffix } from '../../support/stores';

const { stores } = useStores();
const { db } = stores.mongo;
const collection = db.collection<{ userId: string; service: number; points: number }>(`test_points_${uniqueSuffix()}`);
after(() => collection.drop().catch(() => undefined));

describe('mongo (real FerretDB)', () => {
  it('inserts, finds and aggregates with $group', async () => {
    await collection.insertMany([
      { userId: 'kim', service: 1, points: 10 },
      { userId: 'kim', service: 2, points: 30 },
      { userId: 'lee', service: 1, points: 20 },
    ]);
    assert.equal((await collection.find({ userId: 'kim' }).toArray()).length, 2);
    const totals = await collection
      .aggregate<{ _id: string; total: number }>([{ $group: { _id: '$userId', total: { $sum: '$points' } } }, { $sort: { _id: 1 } }])
      .toArray();
    assert.deepEqual(totals, [
      { _id: 'kim', total: 40 },
      { _id: 'lee', total: 20 },
    ]);
  });

  it('enforces a unique index', async () => {
    const users = db.collection(`test_users_${uniqueSuffix()}`);
    try {
      await users.createIndex({ userId: 1 }, { unique: true });
      await users.insertOne({ userId: 'park' });
      await assert.rejects(users.insertOne({ userId: 'park' }), (err: unknown) => err instanceof MongoServerError && err.code === 11000);
    } finally {
      await users.drop();
    }
  });

  it('stores a 5 MB file in GridFS and reads it back byte for byte', async () => {
    const bucket = new GridFSBucket(db, { bucketName: `test_gridfs_${uniqueSuffix()}` });
    const data = randomBytes(5 * 1024 * 1024);
    const upload = bucket.openUploadStream('bottles.jpg', { metadata: { userId: 'kim' } });
    await pipeline(Readable.from([data]), upload);
    const chunks: Buffer[] = [];
    for await (const chunk of bucket.openDownloadStream(upload.id)) chunks.push(chunk as Buffer);
    const back = Buffer.concat(chunks);
    assert.equal(back.length, data.length);
    assert.equal(createHash('sha256').update(back).digest('hex'), createHash('sha256').update(data).digest('hex'));
    const [file] = await bucket.find({ _id: upload.id }).toArray();
    assert.equal(file?.length, data.length);
    await bucket.drop();
  });
});
