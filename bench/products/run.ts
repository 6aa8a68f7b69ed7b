/**
 * Products benchmark: the refresh's transform (activities/products/transform) on generated raw rows, against
 * the same rules as a Spark `local[2]` job (spark_transform.py) in the same run. Figures, not a timed test.
 *
 *   npx tsx bench/products/run.ts [--rows 1000000] [--skip-spark] [--no-write]
 *
 * Both sides read one JSON-lines file per shop (as land_raw writes them), transform every row, and merge
 * products across shops; each runs twice (cold, warm). Product and reject counts must agree.
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
function transformInNode(files: readonly string[]): Counts & { seconds: number } {
  const started = performance.now();
  const all: CleanProduct[] = [];
  const rejects: Record<string, number> = {};
  for (const file of files) {
    const { products, counts } = transformPartition(fs.readFileSync(file, 'utf8'));
    for (const p of products) all.push(p);
    for (const [reason, n] of Object.entries(counts.byReason)) if (n > 0) rejects[reason] = (rejects[reason] ?? 0) + n;
  }
  const { products } = dedupeProducts(all);
  return { products: products.length, rejects, seconds: (performance.now() - started) / 1000 };
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
  const { values: args } = parseArgs({ options: { rows: { type: 'string', default: '1000000' }, 'skip-spark': { type: 'boolean', default: false }, 'no-write': { type: 'boolean', default: false } } });
  const rows = Number(args.rows);
  const config = loadConfig();
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'ciao-products-bench-'));
  const facts = machineFacts('the machine is shared with other work and the whole stack runs on it, so figures move between runs');
  try {
    console.log(`generating ${int(rows)} raw rows in ${folder}…`);
    const { files, bytes } = writeRawRows(rows, folder);
    console.log(`  ${f1(bytes / 1e6)} MB in ${files.length} shop files`);

    const node = [transformInNode(files), transformInNode(files)];
    const [cold, warm] = node as [Counts & { seconds: number }, Counts & { seconds: number }];
    console.log(`node: ${f1(cold.seconds)} s cold, ${f1(warm.seconds)} s warm → ${int(rows / warm.seconds)} rows/s; ${int(warm.products)} products; rejects ${JSON.stringify(warm.rejects)}`);

    let sparkLines: string[] = [];
    if (args['skip-spark']) sparkLines = ['Spark: not run (--skip-spark).'];
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
      '',
    ].join('\n');
    console.log(`\n${section}`);
    if (!args['no-write']) await writeResultsSection('## Products transform', section);
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
}

void main();
