/**
 * Product search benchmark (figures, not a timed test) on the real local OpenSearch: the same queries at 1, 8
 * and 32 concurrent connections, through the web tier (`GET /api/products/search`, the app in its own process)
 * and straight to OpenSearch (the very request bodies the web tier sends, recorded first), in the same run,
 * over an index of 50,000 products (the refresh's transform on generated rows, the refresh's mapping). Writes
 * the "Product search" section of bench/RESULTS.md.
 *
 *   npx tsx bench/search/run.ts [--products 50000] [--seconds 5] [--no-write]
 *
 * Two web servers run: one as configured (OpenSearch's answers reused for SEARCH_CACHE_TTL_S, so the cycled
 * queries mostly cost no OpenSearch query) and one with the reuse off (SEARCH_CACHE_TTL_S=0: every request asks
 * OpenSearch). The web tier's overhead is the second's share of the latency and throughput against OpenSearch
 * alone. Events are off in the servers (their cost is bench/web's figure). The index is `bench-search-…`, deleted
 * afterwards.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Client } from '@opensearch-project/opensearch';
import autocannon from 'autocannon';
import type { CleanProduct } from '../../activities/products/clean-product';
import { bulkIndexDocs } from '../../activities/search/bulk-index';
import { dedupeProducts } from '../../activities/products/transform/dedupe-products';
import { transformPartition } from '../../activities/products/transform/transform-partition';
import { loadConfig } from '../../infra/config';
import { productsIndexBody } from '../../infra/search-indexes';
import { closeStores, createStores } from '../../infra/stores';
import { ProductSearch } from '../../web/product-search/product-search';
import { writeRawRows } from '../products/generate-rows';
import { machineFacts } from '../support/machine';
import { writeResultsSection } from '../support/results';

const SECTION = '## Product search';
const CONNECTIONS = [1, 8, 32] as const;
const WARMUP_S = 1;
/** Queries as shoppers type them; kept only when the web tier answers each with one OpenSearch request. */
const QUERIES = ['생수', '무라벨 생수 2l', 'ㅅㄷㅅ', '탄산수 제로', '스파클링', '삼다수', '트레비 레몬', '제로', '아메리카노', '물 500ml', '삼다스', 'evian', '보리차', '탄산수 350', '백산수 2리터', '커피', 'ㅌㄹㅂ', '아이시스 평화공원', '생수 2L 12개', '코카콜라제로'];

interface Run {
  readonly connections: number;
  readonly target: 'web' | 'uncached' | 'opensearch';
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  readonly failed: number;
}

const f1 = (n: number) => n.toFixed(1);
const int = (n: number) => Math.round(n).toLocaleString('en-US');

/** Generated raw rows through the refresh's transform and merge until `count` distinct products exist. */
function generateProducts(count: number): CleanProduct[] {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-search-'));
  try {
    for (let rows = Math.ceil(count * 3); ; rows *= 2) {
      const { files } = writeRawRows(rows, folder);
      const all: CleanProduct[] = [];
      for (const file of files) for (const p of transformPartition(fs.readFileSync(file, 'utf8')).products) all.push(p);
      const { products } = dedupeProducts(all);
      if (products.length >= count) return products.slice(0, count);
      console.log(`${rows} rows gave ${products.length} products; doubling`);
    }
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
}

/** The request bodies the web tier sends for `q` (a client that records and forwards). */
async function bodiesOf(client: Client, index: string, q: string): Promise<unknown[]> {
  const bodies: unknown[] = [];
  const recording = {
    search: (params: { body?: unknown }, options?: unknown) => {
      bodies.push(params.body);
      return client.search(params as Parameters<Client['search']>[0], options as Parameters<Client['search']>[1]);
    },
  } as unknown as Client;
  await new ProductSearch(recording, { index, timeoutMs: 5000 }).search({ q, sort: 'relevance', filters: {}, size: 30, page: 1 });
  return bodies;
}

async function startServer(index: string, env: NodeJS.ProcessEnv = {}): Promise<{ child: ChildProcess; base: string }> {
  const child = fork(path.join(__dirname, '..', 'support', 'search-app-child.ts'), ['products', index], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'], env: { ...process.env, ...env } });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (m: { port: number }) => resolve(m.port));
    child.once('exit', (code) => reject(new Error(`server exited with ${String(code)}`)));
  });
  return { child, base: `http://127.0.0.1:${port}` };
}

async function load(options: autocannon.Options): Promise<autocannon.Result> {
  return autocannon({ ...options, timeout: 10 });
}

async function main(): Promise<void> {
  const { values: args } = parseArgs({ options: { products: { type: 'string', default: '50000' }, seconds: { type: 'string', default: '5' }, 'no-write': { type: 'boolean', default: false } } });
  const target = Number(args.products);
  const seconds = Number(args.seconds);
  const header = machineFacts('the machine is shared with other work and the whole stack runs on it, so figures move between runs; autocannon, the web tier and OpenSearch share its two cores');
  const config = loadConfig();
  const stores = createStores(config);
  const client = stores.search.client;
  const index = `bench-search-${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
  const servers: { child: ChildProcess; base: string }[] = [];
  try {
    let started = performance.now();
    const products = generateProducts(target);
    console.log(`${products.length} products generated in ${f1((performance.now() - started) / 1000)} s`);
    started = performance.now();
    await client.indices.create({ index, body: productsIndexBody() });
    await bulkIndexDocs(client, index, products);
    await client.indices.refresh({ index });
    await client.indices.forcemerge({ index, max_num_segments: 1 });
    const indexSeconds = (performance.now() - started) / 1000;
    console.log(`indexed in ${f1(indexSeconds)} s`);

    const chosen: { q: string; body: unknown }[] = [];
    const skipped: string[] = [];
    for (const q of QUERIES) {
      const bodies = await bodiesOf(client, index, q);
      if (bodies.length === 1) chosen.push({ q, body: bodies[0] });
      else skipped.push(`${q} (${bodies.length} requests)`);
    }
    console.log(`queries: ${chosen.map((c) => c.q).join(', ')}; skipped: ${skipped.join(', ') || 'none'}`);

    const server = await startServer(index);
    servers.push(server);
    const plain = await startServer(index, { SEARCH_CACHE_TTL_S: '0' });
    servers.push(plain);
    const searches = chosen.map((c) => ({ method: 'GET', path: `/api/products/search?q=${encodeURIComponent(c.q)}` }));
    const web = { url: server.base, requests: searches };
    const uncached = { url: plain.base, requests: searches };
    const direct = {
      url: config.search.url,
      requests: chosen.map((c) => ({ method: 'POST', path: `/${index}/_search`, body: JSON.stringify(c.body), headers: { 'content-type': 'application/json' } })),
    };
    const runs: Run[] = [];
    for (const connections of CONNECTIONS) {
      for (const [name, options] of [['web', web], ['uncached', uncached], ['opensearch', direct]] as const) {
        await load({ ...options, connections, duration: WARMUP_S });
        const r = await load({ ...options, connections, duration: seconds });
        const run: Run = { connections, target: name, rps: r.requests.total / r.duration, p50: r.latency.p50, p99: r.latency.p99, failed: r.errors + r.timeouts + r.non2xx };
        runs.push(run);
        console.log(`${connections} conn ${name}: ${int(run.rps)} req/s, p50 ${run.p50} ms, p99 ${run.p99} ms, failed ${run.failed}`);
      }
    }

    const rows = CONNECTIONS.map((connections) => {
      const w = runs.find((r) => r.connections === connections && r.target === 'web');
      const u = runs.find((r) => r.connections === connections && r.target === 'uncached');
      const d = runs.find((r) => r.connections === connections && r.target === 'opensearch');
      if (!w || !u || !d) return '';
      const overhead = 1 - u.rps / d.rps;
      return `| ${connections} | ${int(w.rps)} | ${w.p50} | ${w.p99} | ${w.failed} | ${int(u.rps)} | ${u.p50} | ${u.p99} | ${u.failed} | ${int(d.rps)} | ${d.p50} | ${d.p99} | ${d.failed} | ${f1(overhead * 100)} % | ${f1(u.p99 - d.p99)} ms |`;
    });
    const at32 = runs.find((r) => r.connections === 32 && r.target === 'web');
    const u32 = runs.find((r) => r.connections === 32 && r.target === 'uncached');
    const d32 = runs.find((r) => r.connections === 32 && r.target === 'opensearch');
    const section = [
      SECTION,
      '',
      ...header,
      '',
      `Run with \`npx tsx bench/search/run.ts\` (${int(products.length)} products from the refresh's transform on generated rows, indexed with the refresh's mapping and synonyms in ${f1(indexSeconds)} s, one segment; autocannon on loopback, ${WARMUP_S} s warm-up then ${seconds} s per case; the web tier in its own process with events off). "web" is the app as configured: OpenSearch's answer to a search is reused for \`SEARCH_CACHE_TTL_S\` (30 s), so these cycled queries mostly cost no OpenSearch query. "no reuse" is the same app with \`SEARCH_CACHE_TTL_S=0\`: every request asks OpenSearch — what a stream of distinct queries costs, and the web tier's own overhead.`,
      `Queries (each answered by the web tier with one OpenSearch request, cycled per connection): ${chosen.map((c) => `\`${c.q}\``).join(', ')}${skipped.length ? `; left out because the web tier sends more than one request for them (products matching every word do not fill the page): ${skipped.join(', ')}` : ''}.`,
      '',
      '| connections | web req/s | web p50 ms | web p99 ms | web failed | no reuse req/s | no reuse p50 ms | no reuse p99 ms | no reuse failed | OpenSearch req/s | OS p50 ms | OS p99 ms | OS failed | web overhead without reuse (throughput) | p99 added without reuse |',
      '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
      ...rows,
      '',
      at32 && u32 && d32
        ? `Targets: p99 < 50 ms at 32 connections — ${at32.p99 < 50 ? 'met' : 'not met'} as configured (${at32.p99} ms), ${u32.p99 < 50 ? 'met' : 'not met'} without reuse (${u32.p99} ms; OpenSearch alone ${d32.p99} ms); web-tier overhead < 25 % — ${1 - u32.rps / d32.rps < 0.25 ? 'met' : 'not met'} at 32 connections without reuse (${f1((1 - u32.rps / d32.rps) * 100)} % of OpenSearch's throughput).`
        : '',
      '',
    ].join('\n');
    console.log(`\n${section}`);
    if (!args['no-write']) await writeResultsSection(SECTION, section);
  } finally {
    for (const server of servers) {
      const exited = new Promise((resolve) => server.child.once('exit', resolve));
      server.child.kill('SIGTERM');
      await exited;
    }
    await client.indices.delete({ index }, { ignore: [404] }).catch(() => undefined);
    await closeStores(stores);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
