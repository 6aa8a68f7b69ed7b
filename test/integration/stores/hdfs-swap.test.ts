import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { replaceHdfsFile } from '../../../activities/logs/hdfs-replace';
import { HDFS_PATHS } from '../../../infra/contracts';
import { asidePathOf, recoverHdfsSwap, swapIntoPlace } from '../../../infra/hdfs-swap';
import { failingHdfs } from '../../support/failing-hdfs';
import { uniqueSuffix, useStores } from '../../support/stores';

const { stores } = useStores();
const { hdfs } = stores.hdfs;
const root = `${HDFS_PATHS.staging}/swap-test-${uniqueSuffix()}`;
const asideRoot = `${root}/aside`;
after(() => hdfs.delete(root, { recursive: true }));

/** Contents of a folder as name → text. */
async function folderContents(path: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of await hdfs.list(path)) out[entry.pathSuffix] = (await hdfs.readFile(`${path}/${entry.pathSuffix}`)).toString();
  return out;
}

describe('replacing a path on HDFS that goes away mid-way (real WebHDFS)', () => {
  it('keeps the old file whole whichever step of replaceHdfsFile fails, and a retry puts the new one', { timeout: 120_000 }, async () => {
    const staging = `${root}/staging`;
    const probe = failingHdfs(hdfs);
    await replaceHdfsFile(probe.hdfs, `${root}/probe.csv`, 'x\n', staging);
    const steps = probe.calls;
    assert.ok(steps >= 5, `replaceHdfsFile makes ${steps} calls`);
    for (let k = 0; k < steps; k++) {
      const target = `${root}/hour-${k}/part-0000.csv`;
      await hdfs.mkdirs(`${root}/hour-${k}`);
      await hdfs.writeFile(target, 'id\nold-1\nold-2\n');
      const flaky = failingHdfs(hdfs);
      flaky.downAfter(k);
      const result = await replaceHdfsFile(flaky.hdfs, target, 'id\nnew-1\nnew-2\nnew-3\n', staging).then(
        () => 'done',
        (err: Error) => err.message,
      );
      const seen = (await hdfs.readFile(target)).toString();
      // The last calls are the clean-up after the swap: failing there leaves the new file, and says so.
      if (result === 'done') assert.equal(seen, 'id\nnew-1\nnew-2\nnew-3\n', `HDFS down after ${k} calls`);
      else assert.ok(seen === 'id\nold-1\nold-2\n' || seen === 'id\nnew-1\nnew-2\nnew-3\n', `HDFS down after ${k} calls: ${seen}`);
      const retried = await replaceHdfsFile(hdfs, target, 'id\nnew-1\nnew-2\nnew-3\n', staging);
      assert.equal(retried.replaced, true);
      assert.equal((await hdfs.readFile(target)).toString(), 'id\nnew-1\nnew-2\nnew-3\n');
    }
  });

  it('a folder swap cut between its renames is put back by the next attempt, then replaced', { timeout: 120_000 }, async () => {
    const probeTarget = `${root}/probe-day`;
    await hdfs.mkdirs(probeTarget);
    await hdfs.writeFile(`${probeTarget}/a`, 'a');
    await hdfs.mkdirs(`${root}/probe-staged`);
    const probe = failingHdfs(hdfs);
    await swapIntoPlace(probe.hdfs, `${root}/probe-staged`, probeTarget, asideRoot);
    const steps = probe.calls;
    let sawMissing = false;
    for (let k = 0; k < steps; k++) {
      const target = `${root}/day-${k}/dt=2026-12-01`;
      const staged = `${root}/staged-${k}`;
      await hdfs.mkdirs(target);
      await hdfs.writeFile(`${target}/part-0`, 'old-0');
      await hdfs.writeFile(`${target}/part-1`, 'old-1');
      await hdfs.mkdirs(staged);
      await hdfs.writeFile(`${staged}/part-0`, 'new-0');
      const flaky = failingHdfs(hdfs);
      flaky.downAfter(k);
      await swapIntoPlace(flaky.hdfs, staged, target, asideRoot).catch(() => undefined);
      if (!(await hdfs.stat(target))) {
        // HDFS went away after the old day moved aside: the old day waits there, whole.
        sawMissing = true;
        assert.deepEqual(await folderContents(asidePathOf(asideRoot, target)), { 'part-0': 'old-0', 'part-1': 'old-1' });
        assert.equal(await recoverHdfsSwap(hdfs, target, asideRoot), 'restored');
      }
      const now = await folderContents(target);
      assert.ok(JSON.stringify(now) === JSON.stringify({ 'part-0': 'old-0', 'part-1': 'old-1' }) || JSON.stringify(now) === JSON.stringify({ 'part-0': 'new-0' }), `HDFS down after ${k} calls: ${JSON.stringify(now)}`);
      // The retry: swap again while the new day is still staged; else (the swap had finished) its recovery
      // step removes an old day the cut left aside.
      if (await hdfs.stat(staged)) await swapIntoPlace(hdfs, staged, target, asideRoot);
      else await recoverHdfsSwap(hdfs, target, asideRoot);
      assert.deepEqual(await folderContents(target), { 'part-0': 'new-0' }, `after a retry (down after ${k})`);
      assert.equal(await hdfs.stat(asidePathOf(asideRoot, target)), undefined, 'nothing left aside');
    }
    assert.ok(sawMissing, 'one of the cuts fell between the two renames');
  });
});
