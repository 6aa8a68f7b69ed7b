/**
 * Puts a file in place on HDFS so that readers see the old file or the whole new one, never a part and never
 * nothing: the bytes go to a staging path first and are checked, then the staged file is renamed over the old
 * one in one atomic NameNode step (`swapIntoPlace`). A failure at any step leaves the old file whole; a rerun
 * therefore replaces, and never appends or duplicates.
 */
import { randomUUID } from 'node:crypto';
import { InfraError } from '../../domain/errors';
import { HDFS_PATHS } from '../../infra/contracts';
import { swapIntoPlace } from '../../infra/hdfs-swap';
import type { HdfsClient } from '../../infra/hdfs';

/** The outcome of {@link replaceHdfsFile}. */
export interface ReplacedFile {
  readonly path: string;
  /** Bytes written. */
  readonly bytes: number;
  /** Whether an older file was replaced. */
  readonly replaced: boolean;
}

/** A staged copy older than this was left by an attempt that died (HDFS went away before its cleanup). */
const STALE_STAGING_MS = 60 * 60_000;

/** Deletes the staged copies that attempts which died before their cleanup left in `folder`. */
async function removeStaleStaging(hdfs: HdfsClient, folder: string): Promise<void> {
  const before = Date.now() - STALE_STAGING_MS;
  const entries = await hdfs.list(folder).catch(() => []);
  for (const entry of entries) {
    if (entry.type === 'FILE' && entry.pathSuffix.endsWith('.tmp') && entry.modificationTime < before) {
      await hdfs.delete(`${folder}/${entry.pathSuffix}`).catch(() => false);
    }
  }
}

/**
 * Writes `data` to `path`, replacing what is there.
 * @param stagingFolder folder under `/ciao/tmp` for the staged copy (default `/ciao/tmp/<basename>`); each
 *   call stages under a fresh name, so concurrent or zombie attempts never write into each other's file;
 *   copies staged more than an hour ago by attempts that died are removed after a success
 * @throws InfraError `ServiceUnavailable` when HDFS refuses a step (the old file stays; the staged copy is removed
 *   when HDFS still answers)
 */
export async function replaceHdfsFile(hdfs: HdfsClient, path: string, data: Uint8Array | string, stagingFolder = `${HDFS_PATHS.staging}/replace`): Promise<ReplacedFile> {
  const bytes = typeof data === 'string' ? Buffer.byteLength(data, 'utf8') : data.byteLength;
  const staging = `${stagingFolder}/${randomUUID()}.tmp`;
  let renamed = false;
  try {
    await hdfs.mkdirs(stagingFolder);
    await hdfs.writeFile(staging, data, { overwrite: false });
    const staged = await hdfs.stat(staging);
    if (staged?.length !== bytes) throw new InfraError('ServiceUnavailable', `HDFS staged ${staged?.length ?? 'no'} bytes of ${bytes} at ${staging}`, { staging });
    const { replaced } = await swapIntoPlace(hdfs, staging, path, `${HDFS_PATHS.staging}/aside`);
    renamed = true;
    await removeStaleStaging(hdfs, stagingFolder);
    return { path, bytes, replaced };
  } finally {
    if (!renamed) await hdfs.delete(staging).catch(() => false);
  }
}
