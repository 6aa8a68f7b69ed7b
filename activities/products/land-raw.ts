/**
 * `land_raw`: the crawled pages of every shop become the day's raw partitions,
 * `<rawRoot>/dt=<day>/shop=<shop>/part-00000.jsonl` (+ `_failed/` snapshots and `_crawl.json` statistics).
 * The whole day is written to a staging folder first and renamed into place (the old day renamed aside first,
 * then deleted), replacing the day: readers see the old day or the new one, a rerun never appends, and a
 * landing that fails halfway (HDFS down) leaves no partial file in the output — the next attempt removes its
 * staging folder, and puts the old day back if the failure fell between the two renames.
 */
import { randomUUID } from 'node:crypto';
import { InfraError, isCiaoError } from '../../domain/errors';
import type { HdfsClient } from '../../infra/hdfs';
import type { Stores } from '../../infra/stores';
import type { TaskInvocation } from '../../workflows/dag/task-context';
import type { CrawledShop } from './crawl-task';
import { CrawlPageStore } from './crawl/page-store';
import { rawDayPath, runDayOf, namingOf, type ProductsNaming } from './pipeline-naming';

/** Rows per part file. */
const ROWS_PER_PART = 50_000;

/** One shop's raw partition of the day. */
export interface RawPartition {
  readonly day: string;
  readonly shop: string;
  readonly source: string;
  /** The partition folder, `…/dt=<day>/shop=<shop>`. */
  readonly path: string;
  /** Its part files, in order. */
  readonly parts: readonly string[];
  readonly rows: number;
}

/** Output of `landRawProducts`. */
export interface LandedDay {
  readonly day: string;
  readonly path: string;
  readonly partitions: RawPartition[];
  readonly rows: number;
  /** Failure snapshot files copied beside the output. */
  readonly failedFiles: number;
  /** Whether an earlier landing of the day was replaced. */
  readonly replaced: boolean;
}

async function listOrEmpty(hdfs: HdfsClient, path: string): Promise<string[]> {
  try {
    return (await hdfs.list(path)).map((s) => s.pathSuffix).sort();
  } catch (err) {
    if (isCiaoError(err, 'NotFound')) return [];
    throw err;
  }
}

/** The landing activity. */
export function createLandRawActivities(stores: Stores, baseNaming: ProductsNaming) {
  const hdfs = stores.hdfs.hdfs;
  return {
    /** Lands the crawled shops of the run as the day's raw partitions (replacing the day). */
    async landRawProducts(input: TaskInvocation<{ crawled: readonly CrawledShop[] }>): Promise<LandedDay> {
      const naming = namingOf(baseNaming, input.ctx.params);
      const day = runDayOf(input.ctx.logicalDate);
      const target = rawDayPath(naming, day);
      const landingRoot = `${naming.stagingRoot}/products_land`;
      const leftovers = (await listOrEmpty(hdfs, landingRoot)).filter((name) => name.startsWith(`dt=${day}-`));
      // An attempt that died between moving the old day aside and moving the new one in: put the old day back.
      const previous = leftovers.find((name) => name.startsWith(`dt=${day}-previous-`));
      if (previous && !(await hdfs.stat(target))) await hdfs.rename(`${landingRoot}/${previous}`, target);
      // Leftovers of attempts that failed halfway (one run of the refresh at a time, so none is live).
      for (const stale of leftovers) await hdfs.delete(`${landingRoot}/${stale}`, { recursive: true });
      const staging = `${landingRoot}/dt=${day}-${randomUUID()}`;
      const partitions: RawPartition[] = [];
      let failedFiles = 0;
      try {
        for (const crawled of input.args.crawled) {
          const store = new CrawlPageStore(hdfs, crawled.staging);
          const rows = (await store.readRows()).flatMap((page) => page.rows);
          const shopFolder = `${staging}/shop=${crawled.shop}`;
          const parts: string[] = [];
          await hdfs.mkdirs(shopFolder);
          for (let i = 0; i === 0 || i * ROWS_PER_PART < rows.length; i++) {
            const name = `part-${String(i).padStart(5, '0')}.jsonl`;
            const chunk = rows.slice(i * ROWS_PER_PART, (i + 1) * ROWS_PER_PART);
            await hdfs.writeFile(`${shopFolder}/${name}`, chunk.length > 0 ? `${chunk.join('\n')}\n` : '', { overwrite: false });
            parts.push(name);
          }
          for (const file of await listOrEmpty(hdfs, store.failedFolder)) {
            await hdfs.mkdirs(`${shopFolder}/_failed`);
            await hdfs.writeFile(`${shopFolder}/_failed/${file}`, await hdfs.readFile(`${store.failedFolder}/${file}`), { overwrite: false });
            failedFiles++;
          }
          const { summary, failedPages, failures, pages, resumedPages, items, robotsBlocked, durationMs } = crawled;
          await hdfs.writeFile(`${shopFolder}/_crawl.json`, JSON.stringify({ summary, pages, resumedPages, items, robotsBlocked, durationMs, failures, failedPages }, null, 1));
          partitions.push({ day, shop: crawled.shop, source: crawled.source, path: `${target}/shop=${crawled.shop}`, parts, rows: rows.length });
        }
        // The old day moves aside, the new one in, then the old one goes: two renames, each atomic.
        const aside = `${landingRoot}/dt=${day}-previous-${randomUUID()}`;
        const replaced = (await hdfs.stat(target)) !== undefined && (await hdfs.rename(target, aside));
        await hdfs.mkdirs(naming.rawRoot);
        if (!(await hdfs.rename(staging, target))) {
          if (replaced) await hdfs.rename(aside, target);
          throw new InfraError('ServiceUnavailable', `HDFS refused to rename ${staging} to ${target}`, { staging, target });
        }
        if (replaced) await hdfs.delete(aside, { recursive: true });
        return { day, path: target, partitions, rows: partitions.reduce((n, p) => n + p.rows, 0), failedFiles, replaced };
      } catch (err) {
        await hdfs.delete(staging, { recursive: true }).catch(() => false);
        throw err;
      }
    },
  };
}
