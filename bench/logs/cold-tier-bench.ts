/**
 * The cold-tier and batch inputs of the logs benchmark: a day's worth of loadgen events as one CSV file on
 * local disk, and the HDFS write throughput of such a file the way the cold tier writes (to a staging path
 * through `infra/hdfs.ts`, then a rename into place).
 */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { toLogEvent } from '../../activities/logs/loadgen/planned-event';
import { TrafficGenerator } from '../../activities/logs/loadgen/traffic';
import type { HdfsClient } from '../../infra/hdfs';
import { CSV_HEADER, eventCsvRow } from './events-csv';

/** Writes `events` loadgen events (seed `seed`, simulated times from 09:00) to `file`. @returns its size in bytes */
export async function writeEventsCsv(file: string, events: number, seed: number): Promise<number> {
  await mkdir(path.dirname(file), { recursive: true });
  const out = createWriteStream(file);
  const traffic = new TrafficGenerator({ seed, concurrency: 5000 });
  let rows: string[] = [CSV_HEADER];
  for (let i = 0; i < events; i++) {
    const planned = traffic.next();
    rows.push(eventCsvRow(toLogEvent(planned, new Date(planned.at))));
    if (rows.length >= 10_000) {
      if (!out.write(`${rows.join('\n')}\n`)) await once(out, 'drain');
      rows = [];
    }
  }
  if (rows.length > 0) out.write(`${rows.join('\n')}\n`);
  out.end();
  await once(out, 'finish');
  return (await stat(file)).size;
}

/** One timed HDFS write. */
export interface HdfsWriteRun {
  readonly seconds: number;
  readonly mbPerSecond: number;
}

/**
 * Writes `data` `runs` times under `dir` (staging file, then rename into `dir/final/`), checks each file's
 * length, and deletes `dir`.
 */
export async function measureHdfsWrites(hdfs: HdfsClient, data: Buffer, dir: string, runs: number): Promise<HdfsWriteRun[]> {
  const out: HdfsWriteRun[] = [];
  await hdfs.mkdirs(`${dir}/final`);
  try {
    for (let i = 0; i < runs; i++) {
      const staged = `${dir}/part-${i}.csv.tmp`;
      const target = `${dir}/final/part-${i}.csv`;
      const t0 = performance.now();
      await hdfs.writeFile(staged, data, { overwrite: true });
      if (!(await hdfs.rename(staged, target))) throw new Error(`HDFS refused to rename ${staged} to ${target}`);
      const seconds = (performance.now() - t0) / 1000;
      const written = await hdfs.stat(target);
      if (written?.length !== data.byteLength) throw new Error(`${target}: ${written?.length} bytes in HDFS, ${data.byteLength} written`);
      out.push({ seconds, mbPerSecond: data.byteLength / 1_048_576 / seconds });
    }
  } finally {
    await hdfs.delete(dir, { recursive: true });
  }
  return out;
}
