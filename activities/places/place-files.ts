/**
 * Place rows and rejects as JSON lines on HDFS, written through a staging file and a rename (a rerun
 * replaces, never appends) and read back with a schema check.
 */
import { InfraError } from '../../domain/errors';
import type { HdfsClient } from '../../infra/hdfs';
import { replaceHdfsFile } from '../logs/hdfs-replace';
import { checkPlaceRow, type PlaceRow } from './place';

/** Writes `items` as JSON lines to `path`, replacing it. */
export async function writeJsonLines(hdfs: HdfsClient, path: string, items: readonly unknown[], stagingRoot: string): Promise<void> {
  const text = items.map((i) => JSON.stringify(i)).join('\n') + (items.length > 0 ? '\n' : '');
  await replaceHdfsFile(hdfs, path, text, stagingRoot);
}

/**
 * Reads place rows written by an earlier task.
 * @throws InfraError `ValidationFailed` naming the line that is not a place row (a bug or a foreign file)
 */
export async function readPlaceRows(hdfs: HdfsClient, path: string): Promise<PlaceRow[]> {
  const text = (await hdfs.readFile(path)).toString('utf8');
  const rows: PlaceRow[] = [];
  text.split('\n').forEach((line, i) => {
    if (!line) return;
    const checked = checkPlaceRow(JSON.parse(line));
    if (!checked.ok) throw new InfraError('ValidationFailed', `${path} line ${i + 1}: ${checked.reason}`, { path });
    rows.push(checked.row);
  });
  return rows;
}
