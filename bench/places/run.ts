/**
 * Places benchmark (figures, not a timed test) on the real local stack: radius searches over 100,000 places,
 * through the web tier (`GET /api/places`: validation, OpenSearch, the reply schema's serialiser) beside the
 * same request body sent straight to OpenSearch, at 1 and 16 concurrent connections. Writes the "Places"
 * section of bench/RESULTS.md.
 *
 *   npx tsx bench/places/run.ts [--places 100000] [--seconds 10] [--no-write]
 *
 * The places are spread over the Seoul area (37.40–37.72 °N, 126.78–127.20 °E, about 75 per km²), so a 5 km
 * search matches thousands and returns the nearest 200. Each request asks a random point of that area with a
 * random radius of 1–20 km and, one in three, one kind — the same sequence (seeded) for both targets. Both
 * loops use Node's fetch with keep-alive; the app runs in its own process. The index is the benchmark's own
 * (`bench-lesswaste-places-<run>-…`), deleted at the end.
 */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { bulkIndexDocs } from '../../activities/search/bulk-index';
import { pointAlias } from '../../activities/search/index-admin';
import { placeDocOf } from '../../activities/places/place-id';
import type { PlacedRow } from '../../activities/places/dedupe-places';
import { PLACE_KINDS, type PlaceKind } from '../../domain/places';
import { loadConfig } from '../../infra/config';
import { PLACES_INDEX_BODY } from '../../infra/search-indexes';
import { createSearchStore } from '../../infra/search';
import { placesQueryBody } from '../../web/site/places/search-places';
import type { PlacesSearch } from '../../web/site/places/places-query';
import { machineFacts } from '../support/machine';
import { RESULTS_FILE, writeResultsSection } from '../support/results';
import { randomStream } from '../../activities/logs/loadgen/seeded-random';

const SECTION = '## Places';
const WARMUP_S = 2;
const BOX = { minLat: 37.4, maxLat: 37.72, minLng: 126.78, maxLng: 127.2 } as const;


function place(i: number, r: () => number): PlacedRow {
  const kind = PLACE_KINDS[i % 3] as PlaceKind;
  return {
    origin: `bench:${i}`,
    source: 'bench',
    name: `벤치 장소 ${i}`,
    kind,
    roadAddress: `서울특별시 시험구 시험로 ${i % 500}`,
    lotAddress: null,
    lat: BOX.minLat + r() * (BOX.maxLat - BOX.minLat),
    lng: BOX.minLng + r() * (BOX.maxLng - BOX.minLng),
    phone: null,
    hours: '10:00-20:00',
    demo: false,
  };
}

function searches(n: number, seed: number): PlacesSearch[] {
  const r = randomStream(seed);
  return Array.from({ length: n }, () => ({
    lat: Number((BOX.minLat + r() * (BOX.maxLat - BOX.minLat)).toFixed(5)),
    lng: Number((BOX.minLng + r() * (BOX.maxLng - BOX.minLng)).toFixed(5)),
    radiusKm: 1 + Math.floor(r() * 20),
    kinds: r() < 1 / 3 ? [PLACE_KINDS[Math.floor(r() * 3)] as PlaceKind] : [],
  }));
}

interface Run {
  readonly requests: number;
  readonly seconds: number;
  readonly p50: number;
  readonly p99: number;
  readonly failed: number;
}

/** `connections` loops sending `send(search)` back to back for `seconds`; latencies in ms. */
async function load(connections: number, seconds: number, list: readonly PlacesSearch[], send: (s: PlacesSearch) => Promise<boolean>): Promise<Run> {
  const latencies: number[] = [];
  let failed = 0;
  let next = 0;
  const end = Date.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (Date.now() < end) {
        const search = list[next++ % list.length] as PlacesSearch;
        const t0 = performance.now();
        const ok = await send(search).catch(() => false);
        latencies.push(performance.now() - t0);
        if (!ok) failed++;
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return { requests: latencies.length, seconds: elapsed, p50: at(0.5), p99: at(0.99), failed };
}

async function startServer(alias: string): Promise<{ child: ChildProcess; base: string }> {
  const child = fork(path.join(__dirname, '..', 'support', 'search-app-child.ts'), ['places', alias], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (m: { port: number }) => resolve(m.port));
    child.once('exit', (code) => reject(new Error(`server exited with ${String(code)}`)));
  });
  return { child, base: `http://127.0.0.1:${port}` };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { places: { type: 'string', default: '100000' }, seconds: { type: 'string', default: '10' }, 'no-write': { type: 'boolean', default: false } } });
  const total = Number(values.places);
  const seconds = Number(values.seconds);
  const config = loadConfig();
  const search = createSearchStore(config);
  const client = search.client;
  const alias = `bench-lesswaste-places-${Date.now().toString(36)}`;
  const index = `${alias}-20261206-1`;
  const facts = machineFacts('shared development machine; other engineers’ work may run');
  let server: { child: ChildProcess; base: string } | undefined;
  try {
    console.log(`indexing ${total} places into ${index}…`);
    const r = randomStream(42);
    const t0 = performance.now();
    await client.indices.create({ index, body: PLACES_INDEX_BODY });
    const stamp = '2026-12-06T12:00:00.000+09:00';
    for (let i = 0; i < total; i += 10_000) {
      const docs = Array.from({ length: Math.min(10_000, total - i) }, (_, j) => placeDocOf(place(i + j, r), stamp));
      await bulkIndexDocs(client, index, docs);
    }
    await client.indices.refresh({ index });
    await client.indices.forcemerge({ index, max_num_segments: 1 });
    await pointAlias(client, alias, index);
    const indexS = (performance.now() - t0) / 1000;
    console.log(`indexed in ${indexS.toFixed(1)} s`);

    server = await startServer(alias);
    const base = server.base;
    const list = searches(5000, 7);
    const viaWeb = async (s: PlacesSearch): Promise<boolean> => {
      const q = new URLSearchParams({ lat: String(s.lat), lng: String(s.lng), radiusKm: String(s.radiusKm) });
      if (s.kinds.length > 0) q.set('kind', s.kinds.join(','));
      const res = await fetch(`${base}/api/places?${q.toString()}`);
      await res.arrayBuffer();
      return res.status === 200;
    };
    const direct = async (s: PlacesSearch): Promise<boolean> => {
      const res = await fetch(`${config.search.url}/${alias}/_search`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(placesQueryBody(s)) });
      await res.arrayBuffer();
      return res.status === 200;
    };
    const rows: [string, number, Run][] = [];
    for (const connections of [1, 16]) {
      for (const [name, send] of [
        ['web tier `GET /api/places`', viaWeb],
        ['OpenSearch `_search` (same body)', direct],
      ] as const) {
        await load(connections, WARMUP_S, list, send);
        const run = await load(connections, seconds, list, send);
        console.log(`${name} c=${connections}: ${(run.requests / run.seconds).toFixed(0)} req/s, p50 ${run.p50.toFixed(1)} ms, p99 ${run.p99.toFixed(1)} ms, failed ${run.failed}`);
        rows.push([name, connections, run]);
      }
    }
    const sample = await (await fetch(`${base}/api/places?lat=37.5663&lng=126.9779&radiusKm=5`)).json() as { total: number; places: unknown[] };
    const section = [
      SECTION,
      '',
      `\`npx tsx bench/places/run.ts --places ${total} --seconds ${seconds}\`: radius searches over ${total.toLocaleString('en-US')} places spread over the Seoul area`,
      `(about 75 per km²; a 5 km search at City Hall matches ${sample.total.toLocaleString('en-US')} and returns the nearest ${sample.places.length}). Random point, radius 1–20 km, one kind in a third of`,
      'the requests; the same seeded sequence for both targets; Node fetch with keep-alive, the app in its own process with event publishing',
      `off (its cost is the "Web tier" section's subject). ${seconds} s per row after ${WARMUP_S} s of warm-up. Index built (bulk, refresh, force-merge) in ${indexS.toFixed(1)} s.`,
      'The web tier answers from the places it holds in memory (web/site/places/places-in-memory.ts: a k-d tree for the nearest 200, a grid of',
      'counts for the total; loaded from the alias at start), which answer what OpenSearch answers (the integration test compares them); the',
      'OpenSearch rows are the same searches sent straight to it, what the web tier would cost without that copy. The load generator',
      '(Node fetch, parsing each reply of up to 200 places) shares the two cores with the server.',
      '',
      ...facts,
      '',
      '| target | connections | req/s | p50 ms | p99 ms | failed |',
      '|---|---|---|---|---|---|',
      ...rows.map(([name, c, run]) => `| ${name} | ${c} | ${(run.requests / run.seconds).toFixed(0)} | ${run.p50.toFixed(1)} | ${run.p99.toFixed(1)} | ${run.failed} |`),
      '',
      `Target: p99 < 30 ms through the web tier. ${rows
        .filter(([name]) => name.startsWith('web'))
        .map(([, c, run]) => `At ${c} connection${c > 1 ? 's' : ''}: p99 ${run.p99.toFixed(1)} ms — ${run.p99 < 30 ? 'met' : 'missed'}.`)
        .join(' ')} ${[1, 16]
        .map((c) => {
          const web = rows.find(([name, n]) => n === c && name.startsWith('web'))?.[2];
          const os = rows.find(([name, n]) => n === c && !name.startsWith('web'))?.[2];
          return web && os ? `At ${c}: p50 ${web.p50.toFixed(1)} ms through the web tier against ${os.p50.toFixed(1)} ms from OpenSearch alone (p99 ${os.p99.toFixed(1)} ms).` : '';
        })
        .join(' ')}`,
      '',
    ].join('\n');
    if (!values['no-write']) {
      await writeResultsSection(SECTION, section);
      console.log(`written to ${RESULTS_FILE}`);
    } else console.log(section);
  } finally {
    server?.child.kill('SIGTERM');
    await client.indices.delete({ index: `${alias}-*` }, { ignore: [404] }).catch(() => undefined);
    await search.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
