/**
 * Products benchmark, figures not a timed test:
 * - transform: the refresh's transform (activities/products/transform) on generated raw rows, against the
 *   same rules as a Spark `local[2]` job (spark_transform.py) in the same run. Both sides read one JSON-lines
 *   file per shop (as land_raw writes them), transform every row, and merge products across shops; each runs
 *   twice (cold, warm). Product and reject counts must agree.
 * - crawl: pages/s on the local demo shops at 1, 2 and 4 pages at once in one Chromium (crawl-rate.ts).
 * - index: bulk indexing docs/s, and searches answered while the alias swaps under query load (index-swap.ts).
 *
 *   npx tsx bench/products/run.ts [--rows 1000000] [--parts transform,crawl,index] [--skip-spark] [--no-write]
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { BRANDS } from '../../activities/products/transform/brands';
import { dedupeProducts } from '../../activities/products/transform/dedupe-products';
import { transformPartition } from '../../activities/products/transform/transform-partition';
import type { CleanProduct } from '../../activities/products/clean-product';
import { loadConfig } from '../../infra/config';
import { closeStores, createStores } from '../../infra/stores';
import { measureCrawlRates } from './crawl-rate';
import { measureIndexAndSwap } from './index-swap';
import { ensurePyspark } from '../logs/daily-aggregation';
import { machineFacts } from '../support/machine';
import { writeResultsSection } from '../support/results';
import { writeRawRows } from './generate-rows';

const run = promisify(execFile);

interface Counts {
  readonly products: number;
  readonly rejects: Record<string, number>;
}

/** The transform as the DAG runs it: each shop's file, then the merge across shops. */
function transformInNode(files: readonly string[], keepProducts: boolean): Counts & { seconds: number; merged: CleanProduct[] } {
  const started = performance.now();
  const all: CleanProduct[] = [];
  const rejects: Record<string, number> = {};
  for (const file of files) {
    const { products, counts } = transformPartition(fs.readFileSync(file, 'utf8'));
    for (const p of products) all.push(p);
    for (const [reason, n] of Object.entries(counts.byReason)) if (n > 0) rejects[reason] = (rejects[reason] ?? 0) + n;
  }
  const { products } = dedupeProducts(all);
  const seconds = (performance.now() - started) / 1000;
  // The cold run's products are dropped at once: kept, they would make the warm run pay for the larger heap.
  return { products: products.length, rejects, seconds, merged: keepProducts ? products : [] };
}

function sameCounts(a: Counts, b: Counts): string[] {
  const out: string[] = [];
  if (a.products !== b.products) out.push(`products ${a.products} vs ${b.products}`);
  for (const reason of new Set([...Object.keys(a.rejects), ...Object.keys(b.rejects)])) {
    if ((a.rejects[reason] ?? 0) !== (b.rejects[reason] ?? 0)) out.push(`${reason} ${a.rejects[reason] ?? 0} vs ${b.rejects[reason] ?? 0}`);
  }
  return out;
}

const f1 = (n: number) => n.toFixed(1);
const int = (n: number) => Math.round(n).toLocaleString('en-US');

async function main(): Promise<void> {
  const { values: args } = parseArgs({
    options: {
      rows: { type: 'string', default: '1000000' },
      parts: { type: 'string', default: 'transform,crawl,index' },
      'index-docs': { type: 'string', default: '50000' },
      'skip-spark': { type: 'boolean', default: false },
      'no-write': { type: 'boolean', default: false },
    },
  });
  const rows = Number(args.rows);
  const parts = new Set(args.parts.split(','));
  const stores = createStores(loadConfig());
  const config = loadConfig();
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'ciao-products-bench-'));
  const facts = machineFacts('the machine is shared with other work and the whole stack runs on it, so figures move between runs');
  try {
    console.log(`generating ${int(rows)} raw rows in ${folder}…`);
    const { files, bytes } = writeRawRows(rows, folder);
    console.log(`  ${f1(bytes / 1e6)} MB in ${files.length} shop files`);

    const cold = transformInNode(files, false);
    const warm = transformInNode(files, true);
    console.log(`node: ${f1(cold.seconds)} s cold, ${f1(warm.seconds)} s warm → ${int(rows / warm.seconds)} rows/s; ${int(warm.products)} products; rejects ${JSON.stringify(warm.rejects)}`);

    let sparkLines: string[] = [];
    if (!parts.has('transform') || args['skip-spark']) sparkLines = ['Spark: not run (--skip-spark).'];
    else {
      const py = await ensurePyspark(config.stackDir, console.log);
      if ('error' in py) sparkLines = [`Spark: not run — ${py.error}.`];
      else {
        const brandsFile = path.join(folder, 'brands.json');
        fs.writeFileSync(brandsFile, JSON.stringify(BRANDS));
        const t0 = performance.now();
        const { stdout } = await run(py.python, [path.join(__dirname, 'spark_transform.py'), path.join(folder, '*.jsonl'), brandsFile], { maxBuffer: 64 << 20, timeout: 1_800_000 });
        const wall = (performance.now() - t0) / 1000;
        const spark = JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as { version: string; session_s: number; job_s: [number, number]; products: number; rejects: Record<string, number> };
        const diff = sameCounts(warm, spark);
        console.log(`spark ${spark.version}: session ${f1(spark.session_s)} s, jobs ${spark.job_s.map(f1).join(' s, ')} s, wall ${f1(wall)} s; ${int(spark.products)} products; ${diff.length === 0 ? 'counts agree' : `MISMATCH: ${diff.join('; ')}`}`);
        sparkLines = [
          `| Spark ${spark.version} \`local[2]\` (PySpark RDD: the same rules in Python, \`reduceByKey\` merge) | ${f1(spark.job_s[0])} | ${f1(spark.job_s[1])} | ${int(rows / spark.job_s[1])} |`,
          '',
          `Spark also needs ${f1(spark.session_s)} s to start its session; the whole Python process took ${f1(wall)} s. Ratio Spark / Node on the warm job: **${f1(spark.job_s[1] / warm.seconds)}×** (cold, with the session start: ${f1((spark.session_s + spark.job_s[0]) / cold.seconds)}×). ${diff.length === 0 ? `Both find ${int(warm.products)} products and the same rejects by reason.` : `The counts differ: ${diff.join('; ')}.`}`,
        ];
      }
    }
    const extra: string[] = [];
    if (parts.has('crawl')) {
      console.log('crawl: green-mart on the demo shops at 1, 2, 4 pages at once…');
      const rates = await measureCrawlRates(config, stores, [1, 2, 4]);
      for (const r of rates) console.log(`  ${r.concurrency} at once: ${r.pages} pages in ${f1(r.seconds)} s → ${f1(r.pages / r.seconds)} pages/s`);
      extra.push(
        '',
        '**Crawl** (green-mart on the local demo shops: 37 pages of 6 listings drawn by script from a JSON API, no injected failures, no rate limit; one Chromium; pages stored to HDFS; the time includes starting Chromium and reading robots.txt):',
        '',
        '| pages at once | pages | s | pages/s |',
        '|---|---|---|---|',
        ...rates.map((r) => `| ${r.concurrency} | ${r.pages} | ${f1(r.seconds)} | ${f1(r.pages / r.seconds)} |`),
      );
    }
    if (parts.has('index')) {
      const docs = warm.merged.slice(0, Number(args['index-docs']));
      console.log(`index: ${int(docs.length)} products, then searches during alias swaps…`);
      const fig = await measureIndexAndSwap(stores, docs, { clients: 4, seconds: 20, swapEveryMs: 500 });
      console.log(`  bulk ${f1(fig.bulkSeconds)} s → ${int(fig.docs / fig.bulkSeconds)} docs/s; ${int(fig.searches)} searches, ${fig.failed} failed, ${fig.empty} empty, ${fig.swaps} swaps, p50 ${f1(fig.p50Ms)} ms, p99 ${f1(fig.p99Ms)} ms`);
      extra.push(
        '',
        `**Indexing and swap** (${int(fig.docs)} of the transform's products, the refresh's mapping — nori + bigram sub-field, 초성/jamo — in requests of 500, refresh included): **${int(fig.docs / fig.bulkSeconds)} docs/s** (${f1(fig.bulkSeconds)} s).`,
        '',
        `Searches during swaps: 4 clients searching the alias (multi_match, 30 hits) for ${f1(fig.seconds)} s while the alias moved between two full indexes every 500 ms (${fig.swaps} swaps, one \`_aliases\` call each): **${int(fig.searches)} searches, ${fig.failed} failed, ${fig.empty} empty**; latency p50 ${f1(fig.p50Ms)} ms, **p99 ${f1(fig.p99Ms)} ms**.`,
      );
    }
    const section = [
      '## Products transform',
      '',
      `Run with \`npx tsx bench/products/run.ts${rows === 1_000_000 ? '' : ` --rows ${rows}`}\` (${int(rows)} generated raw rows, ${f1(bytes / 1e6)} MB of JSON lines in 3 shop files; seed 7).`,
      '',
      ...facts,
      '',
      `Rejects (Node): ${Object.entries(warm.rejects).map(([r, n]) => `${r} ${int(n)}`).join(', ')}; ${int(warm.products)} products after the merge across shops.`,
      '',
      '| transform | cold s | warm s | rows/s (warm) |',
      '|---|---|---|---|',
      `| Node (\`transformPartition\` per shop + \`dedupeProducts\`, one thread) | ${f1(cold.seconds)} | ${f1(warm.seconds)} | ${int(rows / warm.seconds)} |`,
      ...sparkLines,
      ...extra,
      '',
    ].join('\n');
    console.log(`\n${section}`);
    if (!args['no-write']) await writeResultsSection('## Products transform', section);
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
    await closeStores(stores);
  }
}

void main();
