/**
 * Puts a staged file or folder in place of another on HDFS so that the target path is never left without a
 * complete copy, whatever step fails (HDFS down, a worker killed):
 * - a **file** replaces the old one in one atomic NameNode step (rename with OVERWRITE): readers see the old
 *   file or the new one, and no failure can leave the path empty;
 * - a **folder** cannot be renamed over a non-empty one, so the old folder moves aside first (to a path derived
 *   from the target under `asideRoot`), the new one moves in, then the old one is deleted. A failure between
 *   the two renames puts the old folder back at once when HDFS still answers; when it does not, the next swap
 *   (or {@link recoverHdfsSwap}) of the same target finds the old folder aside and puts it back first.
 *
 * Used by the cold tier's hourly files (`replaceHdfsFile`) and meant for any day or hour replaced as a whole.
 */
import { InfraError } from '../domain/errors';
import type { HdfsClient } from './hdfs';

/** Where a swap keeps the old copy of `target` while the new one moves in. */
export function asidePathOf(asideRoot: string, target: string): string {
  return `${asideRoot.replace(/\/+$/, '')}/${target.replace(/^\/+/, '')}`;
}

/** What {@link recoverHdfsSwap} found. */
export type SwapRecovery = 'none' | 'restored' | 'cleaned';

/**
 * Finishes or undoes a folder swap of `target` that an earlier attempt left halfway: when the old copy is
 * aside and the target is missing, the old copy goes back; when both exist, the swap had finished and the
 * aside copy is deleted.
 * @param asideRoot the folder the swaps of this target use for the old copy (see {@link swapIntoPlace})
 */
export async function recoverHdfsSwap(hdfs: HdfsClient, target: string, asideRoot: string): Promise<SwapRecovery> {
  const aside = asidePathOf(asideRoot, target);
  if (!(await hdfs.stat(aside))) return 'none';
  if (await hdfs.stat(target)) {
    await hdfs.delete(aside, { recursive: true });
    return 'cleaned';
  }
  if (!(await hdfs.rename(aside, target))) throw new InfraError('ServiceUnavailable', `HDFS refused to put ${aside} back at ${target}`, { aside, target });
  return 'restored';
}

/**
 * Moves `staged` (a file or folder, complete) to `target`, replacing what is there.
 * @param asideRoot folder for the old copy of a folder target while the new one moves in, e.g.
 *   `HDFS_PATHS.staging + '/aside'`; the same for every swap of a target, so a retry finds what an earlier
 *   attempt left there
 * @returns whether an older copy was replaced
 * @throws InfraError `ServiceUnavailable` when HDFS fails a step; `target` then still holds the old copy (or,
 *   for a folder when HDFS went away between the renames, the old copy waits aside for the next attempt)
 */
export async function swapIntoPlace(hdfs: HdfsClient, staged: string, target: string, asideRoot: string): Promise<{ replaced: boolean }> {
  await recoverHdfsSwap(hdfs, target, asideRoot);
  const parent = target.slice(0, target.lastIndexOf('/')) || '/';
  await hdfs.mkdirs(parent);
  const [from, old] = await Promise.all([hdfs.stat(staged), hdfs.stat(target)]);
  if (!from) throw new InfraError('NotFound', `HDFS has nothing staged at ${staged}`, { staged, target });
  if (from.type !== 'DIRECTORY' || !old) {
    await hdfs.rename(staged, target, { overwrite: true });
    return { replaced: old !== undefined };
  }
  const aside = asidePathOf(asideRoot, target);
  await hdfs.mkdirs(aside.slice(0, aside.lastIndexOf('/')));
  if (!(await hdfs.rename(target, aside))) throw new InfraError('ServiceUnavailable', `HDFS refused to move ${target} aside to ${aside}`, { target, aside });
  let movedIn = false;
  try {
    movedIn = await hdfs.rename(staged, target);
  } finally {
    // Put the old copy back at once if HDFS still answers; otherwise the next attempt's recovery does.
    if (!movedIn) await hdfs.rename(aside, target).catch(() => false);
  }
  if (!movedIn) throw new InfraError('ServiceUnavailable', `HDFS refused to rename ${staged} to ${target}`, { staged, target });
  // A failure here leaves the new copy in place; the next swap of the target deletes the old one.
  await hdfs.delete(aside, { recursive: true }).catch(() => false);
  return { replaced: true };
}
