import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { randomBytes } from 'node:crypto';
import { isCiaoError } from '../../../domain/errors';
import { useStores, uniqueSuffix } from '../../support/stores';

const { stores } = useStores();
const { hdfs } = stores.hdfs;

describe('hdfs (real WebHDFS)', () => {
  it('writes, reads, renames, lists and deletes a file', async () => {
    const dir = `/ciao/tmp/test-${uniqueSuffix()}`;
    assert.equal(await hdfs.mkdirs(dir), true);
    const data = Buffer.concat([Buffer.from('id,word\n1,무라벨\n', 'utf8'), randomBytes(256 * 1024)]);
    await hdfs.writeFile(`${dir}/part.tmp`, data);
    assert.ok((await hdfs.readFile(`${dir}/part.tmp`)).equals(data), 'bytes read back equal bytes written');

    assert.equal(await hdfs.rename(`${dir}/part.tmp`, `${dir}/part.csv`), true);
    const listing = await hdfs.list(dir);
    assert.deepEqual(listing.map((f) => [f.pathSuffix, f.type, f.length]), [['part.csv', 'FILE', data.length]]);
    assert.equal(await hdfs.stat(`${dir}/part.tmp`), undefined);

    await hdfs.writeFile(`${dir}/part.csv`, 'replaced');
    assert.equal((await hdfs.readFile(`${dir}/part.csv`)).toString(), 'replaced', 'overwrite replaces the file');

    assert.equal(await hdfs.delete(dir, { recursive: true }), true);
    assert.equal(await hdfs.stat(dir), undefined);
  });

  it('reports a missing file as NotFound', async () => {
    await assert.rejects(hdfs.readFile(`/ciao/tmp/missing-${uniqueSuffix()}`), (err: unknown) => isCiaoError(err, 'NotFound'));
  });
});
