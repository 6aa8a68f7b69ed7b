/**
 * Where a crawl keeps its pages while it runs: one file per crawled page in an HDFS staging folder, named by
 * the page's URL. The files are the crawl's persisted queue — a crawl that restarts (a killed worker, a
 * retry) lists them, skips those pages and follows the links they recorded — and a page written twice
 * replaces itself, so no page reaches the output twice. Failed attempts leave a screenshot, the HTML and a
 * note in `_failed/`.
 */
import { createHash } from 'node:crypto';
import { isCiaoError } from '../../../domain/errors';
import type { HdfsClient } from '../../../infra/hdfs';
import { replaceHdfsFile } from '../../logs/hdfs-replace';
import type { RawProduct } from '../raw-product';

/** The first line of a page file. */
export interface StoredPage {
  readonly url: string;
  /** Listing links found on the page (already filtered by the adapter). */
  readonly links: readonly string[];
  readonly items: number;
  readonly crawledAt: string;
}

/** A failed attempt at a page. */
export interface FailureSnapshot {
  readonly url: string;
  /** 1 for the first attempt. */
  readonly attempt: number;
  readonly cause: string;
  readonly error: string;
  readonly at: string;
  readonly html: string | null;
  readonly screenshot: Uint8Array | null;
}

/** File name stem of a page: the first 20 hex digits of the URL's SHA-1. */
export function pageFileStem(url: string): string {
  return createHash('sha1').update(url, 'utf8').digest('hex').slice(0, 20);
}

/** The staging folder of one shop's crawl, on HDFS. */
export class CrawlPageStore {
  /** @param folder the shop's staging folder, e.g. `/ciao/tmp/products_crawl/dt=2026-12-06/<run>/shop=green-mart` */
  constructor(
    private readonly hdfs: HdfsClient,
    readonly folder: string,
  ) {}

  /** Folder of the page files. */
  get pagesFolder(): string {
    return `${this.folder}/pages`;
  }

  /** Folder of the failure snapshots. */
  get failedFolder(): string {
    return `${this.folder}/_failed`;
  }

  /** Pages already crawled (none when the folder does not exist yet). */
  async donePages(): Promise<StoredPage[]> {
    const files = await this.listFiles(this.pagesFolder);
    const pages: StoredPage[] = [];
    for (const file of files.filter((f) => f.endsWith('.jsonl'))) {
      const text = (await this.hdfs.readFile(`${this.pagesFolder}/${file}`)).toString('utf8');
      const newline = text.indexOf('\n');
      const header = JSON.parse(newline < 0 ? text : text.slice(0, newline)) as { page: StoredPage };
      pages.push(header.page);
    }
    return pages;
  }

  /** Writes a page's rows (staged, then renamed into place: a page file is whole or absent). */
  async savePage(page: StoredPage, rows: readonly RawProduct[]): Promise<void> {
    const body = [JSON.stringify({ page }), ...rows.map((r) => JSON.stringify(r))].join('\n') + '\n';
    await replaceHdfsFile(this.hdfs, `${this.pagesFolder}/${pageFileStem(page.url)}.jsonl`, body, `${this.folder}/_tmp`);
  }

  /** Keeps the screenshot, HTML and a JSON note of a failed attempt. */
  async saveFailure(snapshot: FailureSnapshot): Promise<void> {
    const stem = `${this.failedFolder}/${pageFileStem(snapshot.url)}-${snapshot.attempt}`;
    await this.hdfs.mkdirs(this.failedFolder);
    const { html, screenshot, ...note } = snapshot;
    await this.hdfs.writeFile(`${stem}.json`, JSON.stringify({ ...note, hasHtml: html !== null, hasScreenshot: screenshot !== null }, null, 1));
    if (html !== null) await this.hdfs.writeFile(`${stem}.html`, html);
    if (screenshot !== null) await this.hdfs.writeFile(`${stem}.png`, screenshot);
  }

  /** Reads the rows of every page file (the page headers left out). */
  async readRows(): Promise<{ page: StoredPage; rows: string[] }[]> {
    const out: { page: StoredPage; rows: string[] }[] = [];
    for (const file of (await this.listFiles(this.pagesFolder)).filter((f) => f.endsWith('.jsonl'))) {
      const lines = (await this.hdfs.readFile(`${this.pagesFolder}/${file}`)).toString('utf8').split('\n').filter(Boolean);
      const [header, ...rows] = lines;
      out.push({ page: (JSON.parse(header ?? '{}') as { page: StoredPage }).page, rows });
    }
    return out;
  }

  private async listFiles(folder: string): Promise<string[]> {
    try {
      return (await this.hdfs.list(folder)).filter((s) => s.type === 'FILE').map((s) => s.pathSuffix).sort();
    } catch (err) {
      if (isCiaoError(err, 'NotFound')) return [];
      throw err;
    }
  }
}
