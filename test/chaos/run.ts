/**
 * The chaos suite (`npm run test:chaos [-- --stores kafka,hdfs,temporal,redis,mongo] [--outage 20]`), run by
 * `npm test` after the browser tests: the web tier, the
 * real worker process and the real-time aggregator run against stores the suite may take away, under page
 * traffic; each store in turn goes away for `--outage` seconds and comes back, and the suite measures what
 * the pages and probes answered meanwhile and checks the data afterwards, then prints a table like issue 18's.
 *
 * What "goes away" means, per store (never the shared stack's servers):
 * - `kafka`, `temporal`: servers of the suite's own (`test/support/own-service.ts`), stopped and started;
 * - `hdfs`: the shared WebHDFS behind a TCP proxy of the suite's own (`test/support/tcp-proxy.ts`), cut and
 *   restored (the NameNode answers every operation first, so a cut proxy is an HDFS that does not answer);
 * - `redis`, `mongo`: the shared Redis and FerretDB behind proxies of their own, cut
 *   and restored — for the web tier (sessions, accounts) and the aggregator (the hot tier).
 * Data lives in the suite's own namespace: `CIAO_DATA_PREFIX=chaos` (topics, HDFS root), MongoDB `ciao_chaos`,
 * Redis database 10.
 *
 * Exit code 1 when a page answered 5xx, not at all or slower than its bound (200 ms; 500 ms with MongoDB
 * away), a probe (`/healthz`, `/readyz`) did not answer within 1 s (a 503 from `/readyz` is its job), or a data
 * check failed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { openSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { replaceHdfsFile } from '../../activities/logs/hdfs-replace';
import { waitForRun } from '../../control/runs';
import { ensureLogStream } from '../../control/streams';
import { triggerDag } from '../../control/trigger';
import { PROJECT_ROOT, loadConfig, type Config } from '../../infra/config';
import { AGG_STATE, HDFS_PATHS, TOPICS, TOPIC_PARTITIONS } from '../../infra/contracts';
import { closeStores, createStores, type Stores } from '../../infra/stores';
import { buildApp } from '../../web/app';
import { freePort, startOwnKafkaServer, startOwnTemporalServer, type OwnService } from '../support/own-service';
import { TEST_REDIS_DATABASES } from '../support/stores';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy';
import { quantile, startPageTraffic, type PageTraffic, type Sample } from './page-probes';

const PAGES = ['/', '/about'];
const PROBES = ['/healthz', '/readyz'];
const PROBE_BOUND_MS = 1000;
/** Every store the suite can take away, in the order it does by default. */
const ALL_STORES = ['kafka', 'hdfs', 'temporal', 'redis', 'mongo'] as const;
/** The slowest answer a page may give while a store is away (issue 18: 200 ms, 500 ms with MongoDB down). */
const PAGE_BOUND_MS: Readonly<Record<string, number>> = { mongo: 500 };
const pageBound = (store: string): number => PAGE_BOUND_MS[store] ?? 200;
const REDIS_DB = TEST_REDIS_DATABASES.chaos;

function argument(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const log = (line: string): void => console.log(`[chaos] ${line}`);

/** One store's outage as the table shows it. */
interface Row {
  readonly store: string;
  readonly outageS: number;
  readonly pages: readonly Sample[];
  readonly probes: readonly Sample[];
  readonly data: string;
  readonly dataOk: boolean;
}

/** What a scenario does around its outage. */
interface Scenario {
  readonly stop: () => Promise<void>;
  readonly start: () => Promise<void>;
  /** Started a second before the stop; awaited after the recovery window. */
  readonly during?: () => Promise<void>;
  /** The data check once the store is back: a summary and whether it holds. */
  readonly check: () => Promise<{ summary: string; ok: boolean }>;
}

/** The aggregator's count of events (all days), from its stats hash. */
async function countedEvents(stores: Stores): Promise<number> {
  const stats = await stores.redis.redis.hgetall(AGG_STATE.stats);
  return Object.entries(stats)
    .filter(([field]) => field.startsWith('events:'))
    .reduce((n, [, v]) => n + Number(v), 0);
}

async function until(what: () => Promise<boolean>, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await what().catch(() => false)) return true;
    await sleep(500);
  }
  return what().catch(() => false);
}

async function runOutage(store: string, outageMs: number, traffic: PageTraffic, scenario: Scenario): Promise<Row> {
  await sleep(3000);
  const during = scenario.during?.();
  await sleep(1000);
  log(`${store}: going away for ${outageMs / 1000} s`);
  const down = Date.now();
  await scenario.stop();
  await sleep(Math.max(0, outageMs - (Date.now() - down)));
  await scenario.start();
  const back = Date.now();
  log(`${store}: back after ${((back - down) / 1000).toFixed(0)} s`);
  await sleep(10_000);
  await during?.catch((err: unknown) => log(`${store}: work during the outage failed: ${(err as Error).message}`));
  const { summary, ok } = await scenario.check();
  const samples = traffic.samples(down, back + 2000);
  return {
    store,
    outageS: Math.round((back - down) / 1000),
    pages: samples.filter((s) => PAGES.includes(s.path)),
    probes: samples.filter((s) => PROBES.includes(s.path)),
    data: summary,
    dataOk: ok,
  };
}

function printTable(rows: readonly Row[]): void {
  const header = ['store', 'down s', 'page reqs', '5xx', 'no answer', 'p50 ms', 'p99 ms', 'max ms (bound)', `probes > ${PROBE_BOUND_MS} ms`, 'probe max ms', 'data'];
  const lines = rows.map((r) => {
    const ms = r.pages.map((s) => s.ms);
    return [
      r.store,
      String(r.outageS),
      String(r.pages.length),
      String(r.pages.filter((s) => s.status >= 500).length),
      String(r.pages.filter((s) => s.status === 0).length),
      String(quantile(ms, 0.5)),
      String(quantile(ms, 0.99)),
      `${Math.max(0, ...ms)} (${pageBound(r.store)})`,
      `${r.probes.filter((s) => s.status === 0 || s.ms > PROBE_BOUND_MS).length} of ${r.probes.length}`,
      String(Math.max(0, ...r.probes.map((s) => s.ms))),
      `${r.dataOk ? 'ok' : 'FAILED'}: ${r.data}`,
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] ?? '').length)));
  const fmt = (cells: readonly string[]): string => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  console.log(fmt(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const l of lines) console.log(fmt(l));
}

/** The environment of the worker process: the suite's endpoints. */
function envOf(config: Config): NodeJS.ProcessEnv {
  return {
    ...process.env,
    KAFKA_BROKERS: config.kafka.brokers.join(','),
    TEMPORAL_ADDRESS: config.temporal.address,
    TEMPORAL_UI_URL: config.temporal.uiUrl,
    TEMPORAL_NAMESPACE: config.temporal.namespace,
    REDIS_URL: config.redis.url,
    MONGO_URL: config.mongo.url,
    WEBHDFS_URL: config.hdfs.url,
    LOG_LEVEL: 'warn',
  };
}

async function main(): Promise<number> {
  const base = loadConfig();
  if (base.dataPrefix !== 'chaos') throw new Error('run the suite with `npm run test:chaos` (it sets CIAO_DATA_PREFIX=chaos and MONGO_DB=ciao_chaos)');
  const wanted = (argument('--stores') ?? ALL_STORES.join(',')).split(',').map((s) => s.trim());
  const outageMs = Number(argument('--outage') ?? 20) * 1000;
  const cleanups: (() => Promise<unknown>)[] = [];
  try {
    log('starting a Kafka and a Temporal of the suite’s own, and a proxy in front of WebHDFS…');
    const [kafka, temporal]: [OwnService, OwnService] = await Promise.all([startOwnKafkaServer(base), startOwnTemporalServer(base)]);
    cleanups.push(() => kafka.remove(), () => temporal.remove());
    const hdfsUrl = new URL(base.hdfs.url);
    const redisUrl = new URL(base.redis.url);
    const mongoUrl = new URL(base.mongo.url);
    const [hdfsProxy, redisProxy, mongoProxy]: [TcpProxy, TcpProxy, TcpProxy] = await Promise.all([
      startTcpProxy(hdfsUrl.hostname, Number(hdfsUrl.port || 9870)),
      startTcpProxy(redisUrl.hostname, Number(redisUrl.port || 6379)),
      startTcpProxy(mongoUrl.hostname, Number(mongoUrl.port || 27017)),
    ]);
    cleanups.push(() => Promise.all([hdfsProxy.close(), redisProxy.close(), mongoProxy.close()]));
    redisUrl.pathname = `/${REDIS_DB}`;
    redisUrl.port = String(redisProxy.port);
    mongoUrl.port = String(mongoProxy.port);
    const config = loadConfig({
      ...process.env,
      KAFKA_BROKERS: kafka.config.kafka.brokers.join(','),
      TEMPORAL_ADDRESS: temporal.config.temporal.address,
      TEMPORAL_UI_URL: temporal.config.temporal.uiUrl,
      TEMPORAL_NAMESPACE: 'default',
      REDIS_URL: redisUrl.toString(),
      MONGO_URL: mongoUrl.toString(),
      WEBHDFS_URL: `http://127.0.0.1:${hdfsProxy.port}`,
      WEB_PORT: String(await freePort()),
    });
    const stores = createStores(config);
    cleanups.push(() => closeStores(stores));
    await stores.kafka.ensureTopics((Object.keys(TOPICS) as (keyof typeof TOPICS)[]).map((k) => ({ topic: TOPICS[k], numPartitions: TOPIC_PARTITIONS[k], replicationFactor: 1 })));
    await stores.hdfs.hdfs.mkdirs(HDFS_PATHS.staging);
    // The Kafka is new each run, its Redis database is not: offsets an earlier run stored would skip this run's events.
    await stores.redis.redis.del(AGG_STATE.offsets(TOPICS.logsRaw));

    log('starting the worker process, the aggregator and the web tier…');
    // The worker's log (retries and failures are expected here) goes to a file, not into the table's output.
    const workerLog = path.join(tmpdir(), `ciao-chaos-worker-${process.pid}.log`);
    const logFd = openSync(workerLog, 'w');
    const worker: ChildProcess = spawn(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'workers/main.ts')], { cwd: PROJECT_ROOT, env: envOf(config), stdio: ['ignore', logFd, logFd] });
    log(`worker log: ${workerLog}`);
    cleanups.push(async () => {
      worker.kill('SIGTERM');
      await new Promise((r) => worker.once('exit', r));
    });
    const client = await stores.temporal.client();
    await ensureLogStream(client);
    const app = await buildApp({ config, stores, logger: false });
    await app.listen({ host: '127.0.0.1', port: config.web.port });
    cleanups.push(() => app.close());
    const traffic = startPageTraffic(`http://127.0.0.1:${config.web.port}`, [...PAGES, ...PROBES], { clients: 2, pauseMs: 100 });
    cleanups.push(() => traffic.stop());
    const baseCount = await countedEvents(stores);
    const eventsSettled = async (): Promise<{ summary: string; ok: boolean }> => {
      const ok = await until(async () => app.events.stats().buffered === 0 && (await countedEvents(stores)) - baseCount === app.events.stats().published, 60_000);
      const s = app.events.stats();
      let lag = '';
      if (!ok) {
        // Where the aggregator stands: Kafka's end offsets against the next offsets it stored in Redis.
        const ends = await (await stores.kafka.admin()).fetchTopicOffsets(TOPICS.logsRaw);
        const stored = await stores.redis.redis.hgetall(AGG_STATE.offsets(TOPICS.logsRaw));
        lag = `; aggregator behind by ${ends.map((p) => `p${p.partition}:${Number(p.high) - Number(stored[String(p.partition)] ?? 0)}`).join(' ')}`;
      }
      return { summary: `events: ${s.published} published, ${(await countedEvents(stores)) - baseCount} counted, ${s.dropped} dropped${lag}`, ok: ok && s.dropped === 0 };
    };
    // The aggregator is up once the first page views are counted.
    await until(async () => (await countedEvents(stores)) - baseCount > 0, 120_000);

    const scenarios: Record<string, () => Scenario> = {
      kafka: () => ({ stop: () => kafka.stop(), start: () => kafka.start(), check: eventsSettled }),
      redis: () => ({ stop: () => redisProxy.cut(), start: () => redisProxy.restore(), check: eventsSettled }),
      mongo: () => ({ stop: () => mongoProxy.cut(), start: () => mongoProxy.restore(), check: eventsSettled }),
      hdfs: () => {
        const file = `${HDFS_PATHS.staging}/chaos/hour.csv`;
        let writes = 0;
        let failed = 0;
        let last = '';
        return {
          stop: () => hdfsProxy.cut(),
          start: () => hdfsProxy.restore(),
          during: async () => {
            // A writer replacing an hourly file every half second (the cold tier does it once an hour),
            // from before the cut until a few seconds after HDFS is back.
            const end = Date.now() + outageMs + 8000;
            for (let i = 0; Date.now() < end; i++) {
              const body = `id,n\n${Array.from({ length: 200 }, (_, j) => `${i},${j}`).join('\n')}\n`;
              try {
                await replaceHdfsFile(stores.hdfs.hdfs, file, body, `${HDFS_PATHS.staging}/chaos/staging`);
                writes++;
                last = body;
              } catch {
                failed++;
              }
              await sleep(500);
            }
          },
          check: async () => {
            const text = (await stores.hdfs.hdfs.readFile(file)).toString('utf8');
            const whole = text === last && text.trimEnd().split('\n').length === 201;
            return { summary: `replaced the file ${writes} times, ${failed} tries failed while HDFS was away; the file is ${whole ? 'whole' : 'NOT whole'}`, ok: whole && writes > 0 };
          },
        };
      },
      temporal: () => {
        let outcome = 'not run';
        let reattached = 0;
        let succeeded = false;
        let countedBefore = 0;
        let countedDuring = 0;
        return {
          stop: async () => {
            countedBefore = await countedEvents(stores);
            await temporal.stop();
          },
          start: async () => {
            countedDuring = (await countedEvents(stores)) - countedBefore;
            await temporal.start();
          },
          during: async () => {
            const run = await triggerDag(client, 'example_features', { conf: { items: 2 }, date: new Date(Date.UTC(2030, 0, 1) + Math.floor(Math.random() * 3000) * 86_400_000) }).catch((err: unknown) => {
              outcome = `trigger failed: ${(err as Error).message}`;
              return undefined;
            });
            if (!run) return;
            const result = await waitForRun(client, run.workflowId, run.runId, { onReattach: () => reattached++ });
            succeeded = result.status === 'success';
            outcome = `a DAG run ${result.status} (its wait re-attached ${reattached}×)`;
          },
          check: async () => {
            const events = await eventsSettled();
            return { summary: `${outcome}; ${countedDuring} events counted while Temporal was down; ${events.summary}`, ok: succeeded && events.ok };
          },
        };
      },
    };

    const rows: Row[] = [];
    for (const store of wanted) {
      const make = scenarios[store];
      if (!make) throw new Error(`no chaos scenario for "${store}" (known: ${Object.keys(scenarios).join(', ')})`);
      rows.push(await runOutage(store, outageMs, traffic, make()));
    }
    console.log('');
    printTable(rows);
    // A probe may say 503 (that is its job while a store is away), but it must answer, within its bound.
    const failedRows = rows.filter(
      (r) => !r.dataOk || r.pages.some((s) => s.status === 0 || s.status >= 500 || s.ms > pageBound(r.store)) || r.probes.some((s) => s.status === 0 || s.ms > PROBE_BOUND_MS),
    );
    for (const r of failedRows) log(`${r.store}: FAILED (see its row)`);
    return failedRows.length === 0 ? 0 : 1;
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup().catch((err: unknown) => log(`cleanup: ${(err as Error).message}`));
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(2);
  },
);
