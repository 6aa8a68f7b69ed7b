/**
 * Copying a folder tree between local disk and HDFS, a few files at a time (WebHDFS is one request pair per
 * file, so parallel requests hide the round trips).
 */
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { HdfsClient } from '../../infra/hdfs';

/** Files copied at once. */
const PARALLEL = 8;

/** Runs `fn` over `items`, at most `limit` at a time. */
export async function forEachLimited<T>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i] as T, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}

/** Relative paths of every file under `dir` (sorted, `/`-separated). */
export async function listLocalFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort();
}

/** Relative paths of every file under the HDFS folder `root` (sorted). */
export async function listHdfsFiles(hdfs: HdfsClient, root: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (rel: string): Promise<void> => {
    for (const entry of await hdfs.list(rel ? `${root}/${rel}` : root)) {
      const child = rel ? `${rel}/${entry.pathSuffix}` : entry.pathSuffix;
      if (entry.type === 'DIRECTORY') await walk(child);
      else out.push(child);
    }
  };
  await walk('');
  return out.sort();
}

/** Downloads every file of the HDFS folder `root` into `dir` (created). @returns the number of files */
export async function downloadHdfsFolder(hdfs: HdfsClient, root: string, dir: string, onFile?: (done: number, total: number) => void): Promise<number> {
  const files = await listHdfsFiles(hdfs, root);
  let done = 0;
  await forEachLimited(files, PARALLEL, async (rel) => {
    const target = path.join(dir, ...rel.split('/'));
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, await hdfs.readFile(`${root}/${rel}`));
    onFile?.(++done, files.length);
  });
  return files.length;
}

/** Uploads the given files of `dir` (relative paths) to the HDFS folder `root`. */
export async function uploadToHdfs(hdfs: HdfsClient, dir: string, files: readonly string[], root: string, onFile?: (done: number, total: number) => void): Promise<void> {
  const folders = [...new Set(files.map((f) => path.posix.dirname(f)))].sort();
  for (const folder of folders) await hdfs.mkdirs(folder === '.' ? root : `${root}/${folder}`);
  let done = 0;
  await forEachLimited(files, PARALLEL, async (rel) => {
    await hdfs.writeFile(`${root}/${rel}`, await readFile(path.join(dir, ...rel.split('/'))));
    onFile?.(++done, files.length);
  });
}
