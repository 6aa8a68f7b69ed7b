/**
 * Puts a file in place on HDFS so that readers see the old file or the whole new one, never a part: the
 * bytes go to a staging path first, then the old file is deleted and the staged one renamed over it (a
 * rename is atomic in the NameNode). A rerun therefore replaces; it never appends or duplicates.
 */
import { randomUUID } from 'node:crypto';
import { InfraError } from '../../domain/errors';
import { HDFS_PATHS } from '../../infra/contracts';
import type { HdfsClient } from '../../infra/hdfs';

/** The outcome of {@link replaceHdfsFile}. */
export interface ReplacedFile {
  readonly path: string;
  /** Bytes written. */
  readonly bytes: number;
  /** Whether an older file was replaced. */
  readonly replaced: boolean;
}

/**
 * Writes `data` to `path`, replacing what is there.
 * @param stagingFolder folder under `/ciao/tmp` for the staged copy (default `/ciao/tmp/<basename>`); each
 *   call stages under a fresh name, so concurrent or zombie attempts never write into each other's file
 * @throws InfraError `ServiceUnavailable` when HDFS refuses a step (the staged copy is removed)
 */
export async function replaceHdfsFile(hdfs: HdfsClient, path: string, data: Uint8Array | string, stagingFolder = `${HDFS_PATHS.staging}/replace`): Promise<ReplacedFile> {
  const bytes = typeof data === 'string' ? Buffer.byteLength(data, 'utf8') : data.byteLength;
  const staging = `${stagingFolder}/${randomUUID()}.tmp`;
  const folder = path.slice(0, path.lastIndexOf('/')) || '/';
  let renamed = false;
  try {
    await hdfs.mkdirs(stagingFolder);
    await hdfs.writeFile(staging, data, { overwrite: false });
    const staged = await hdfs.stat(staging);
    if (staged?.length !== bytes) throw new InfraError('ServiceUnavailable', `HDFS staged ${staged?.length ?? 'no'} bytes of ${bytes} at ${staging}`, { staging });
    await hdfs.mkdirs(folder);
    const replaced = await hdfs.delete(path);
    renamed = await hdfs.rename(staging, path);
    // Refused when another writer put a file there between our delete and rename: fail, and let a retry redo it.
    if (!renamed) throw new InfraError('ServiceUnavailable', `HDFS refused to rename ${staging} to ${path}`, { staging, path });
    return { path, bytes, replaced };
  } finally {
    if (!renamed) await hdfs.delete(staging).catch(() => false);
  }
}
