/**
 * `ciao start` (what `npm start` runs): the stack up and initialised, schedules synced, then the worker and
 * the web processes, supervised until Ctrl-C. The stack keeps running afterwards (`ciao stack down` stops it).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Command } from 'commander';
import { PROJECT_ROOT, loadConfig, type Config } from '../infra/config';
import { SEARCH, TASK_QUEUES, TOPICS } from '../infra/contracts';
import { createTemporalStore } from '../infra/temporal';
import { sleep } from '../infra/stack/process-control';
import type { PingResult } from '../activities/system/ping';
import type { healthCheck } from '../workflows/health-check';
import { ensureLogStream } from '../control/streams';
import { listAdmins } from '../activities/accounts/users';
import { createMongoStore } from '../infra/mongo';
import { triggerDag } from '../control/trigger';
import { aliasTargets, countDocs } from '../activities/search/index-admin';
import { PRODUCTS_NAMING } from '../activities/products/pipeline-naming';
import { createSearchStore } from '../infra/search';
import { parseRate, runLoadgenCommand } from './loadgen-command';
import { runStackUp } from './stack-commands';
import { syncAllSchedules } from './schedule-commands';

interface AppProcess {
  readonly name: string;
  readonly child: ChildProcess;
}

function launch(name: string, entry: string, args: readonly string[] = []): AppProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, entry), ...args], {
    cwd: PROJECT_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: process.env,
  });
  const prefix = (chunk: Buffer): void => {
    for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) console.log(`[${name}] ${line}`);
  };
  child.stdout?.on('data', prefix);
  child.stderr?.on('data', prefix);
  return { name, child };
}

async function waitForWeb(config: Config, timeoutMs: number): Promise<string> {
  const url = `http://${config.web.host}:${config.web.port}/healthz`;
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
      const body = (await res.json()) as { status: string; services: { service: string; ok: boolean }[] };
      last = body.services.map((s) => `${s.service} ${s.ok ? 'up' : 'DOWN'}`).join(', ');
      if (res.ok) return last;
    } catch (err) {
      last = (err as Error).message;
    }
    await sleep(500);
  }
  throw new Error(`web did not become healthy at ${url}: ${last}`);
}

async function waitForWorker(config: Config, timeoutMs: number): Promise<string> {
  const temporal = createTemporalStore(config);
  try {
    const client = await temporal.client();
    const started = Date.now();
    const result: PingResult = await client.workflow.execute<typeof healthCheck>('healthCheck', {
      taskQueue: TASK_QUEUES.dags,
      workflowId: `health-check:${randomUUID()}`,
      args: [randomUUID()],
      workflowExecutionTimeout: `${Math.round(timeoutMs / 1000)}s`,
    });
    return `round trip ${Date.now() - started} ms via ${result.worker}`;
  } finally {
    await temporal.close();
  }
}

/** Ids with the stored admin role ([] when MongoDB does not answer: the line then says nobody). */
async function adminIds(config: Config): Promise<string[]> {
  const mongo = createMongoStore(config);
  try {
    return await listAdmins(mongo.db);
  } catch {
    return [];
  } finally {
    await mongo.close();
  }
}

/**
 * With `--demo`: when `alias` still serves the empty index `stack init` made (a fresh machine), triggers
 * `dagId` once — `nolabel_refresh` crawls the demo shops at `DEMO_SHOPS_URL`, `lesswaste_places` reads the
 * demo places sources — so search and the map have data.
 */
async function refreshWhenEmpty(config: Config, alias: string, dagId: string, from: string): Promise<string> {
  const search = createSearchStore(config);
  const temporal = createTemporalStore(config);
  try {
    const served = await aliasTargets(search.client, alias);
    const empty = served.length === 0 || (await countDocs(search.client, alias)) === 0;
    if (!empty) return `${alias} serves ${served.join(', ')}; no refresh needed (\`npx ciao dags trigger ${dagId}\` runs one)`;
    const run = await triggerDag(await temporal.client(), dagId);
    return `refreshing from ${from}: run ${run.workflowId}`;
  } catch (err) {
    return `no refresh started: ${(err as Error).message}`;
  } finally {
    await temporal.close();
    await search.close();
  }
}

/** Adds `ciao start`. */
export function registerStartCommand(program: Command): void {
  program
    .command('start')
    .description('bring up the stack, sync schedules, run the worker and the web tier until Ctrl-C')
    .option('--demo', 'also run synthetic traffic (ciao loadgen) and the demo shops, and refresh the products and the places once, so the dashboards, the search and the map are alive')
    .option('--demo-rate <n/s>', 'events per second of the demo traffic', parseRate, 20)
    .action(async (opts: { demo?: boolean; demoRate: number }) => {
      const demo = new AbortController();
      const config = loadConfig();
      console.log('== 1/4 local stack');
      await runStackUp();
      console.log('== 2/4 schedules');
      await syncAllSchedules(config);
      console.log('== 3/4 worker and web');
      // The inference worker serves the eco-point models (detector, OCR) on their own task queue; the crawl
      // worker drives Chromium for the product refresh; the training worker retrains the detector (detector_retrain).
      const apps = [launch('worker', 'workers/main.ts'), launch('inference', 'workers/inference.ts'), launch('crawl', 'workers/crawl.ts'), launch('training', 'workers/training.ts'), launch('web', 'web/server.ts')];
      if (opts.demo) apps.push(launch('shops', 'cli/main.ts', ['products', 'demo-shops']));
      let stopping = false;
      const stop = (code: number): void => {
        if (stopping) return;
        stopping = true;
        demo.abort();
        console.log('stopping workers and web (the stack keeps running; `npx ciao stack down` stops it)…');
        for (const a of apps) a.child.kill('SIGTERM');
        const force = setTimeout(() => apps.forEach((a) => a.child.kill('SIGKILL')), 15_000);
        force.unref();
        void Promise.all(apps.map((a) => new Promise((r) => (a.child.exitCode !== null ? r(null) : a.child.once('exit', r))))).then(() => process.exit(code));
      };
      process.on('SIGINT', () => stop(0));
      process.on('SIGTERM', () => stop(0));
      for (const a of apps) {
        a.child.once('exit', (code) => {
          if (!stopping) {
            console.error(`[${a.name}] exited with code ${code}; stopping`);
            stop(1);
          }
        });
      }
      const [web, worker] = await Promise.all([waitForWeb(config, 60_000), waitForWorker(config, 60_000)]);
      console.log(`[web] healthy: ${web}`);
      console.log(`[worker] polling: ${worker}`);
      const temporal = createTemporalStore(config);
      try {
        const started = await ensureLogStream(await temporal.client());
        console.log(`[stream] real-time aggregator ${started ? 'started' : 'already running'} (workflow stream:logs-aggregator)`);
      } finally {
        await temporal.close();
      }
      if (opts.demo) {
        console.log(`[demo] synthetic traffic at ${opts.demoRate} events/s into logs.raw (ciao loadgen, seed 42, 500 members); reports every minute`);
        void runLoadgenCommand({ rate: opts.demoRate, durationMs: undefined, members: 500, seed: 42, topic: TOPICS.logsRaw, reportEveryMs: 60_000 }, demo.signal, (line) => console.log(`[demo] ${line.trim()}`)).catch(
          (err: unknown) => console.error(`[demo] loadgen stopped: ${(err as Error).message}`),
        );
      }
      if (opts.demo) {
        console.log(`[demo] products: ${await refreshWhenEmpty(config, PRODUCTS_NAMING.alias, 'nolabel_refresh', `the demo shops (${config.products.demoShopsUrl})`)}`);
        console.log(`[demo] places: ${await refreshWhenEmpty(config, SEARCH.placesIndex, 'lesswaste_places', `the places sources (${config.places.sourcesDir}; demo-* are invented places)`)}`);
      }
      console.log('== 4/4 ready');
      console.log(`  web          http://${config.web.host}:${config.web.port}/`);
      console.log(`  health       http://${config.web.host}:${config.web.port}/healthz`);
      const admins = [...(await adminIds(config)), ...config.web.adminUserIds];
      console.log(`  admin        http://${config.web.host}:${config.web.port}/admin  (DAGs, dashboards; role for ${admins.length > 0 ? admins.join(', ') : 'nobody yet: npx ciao admin create <id>'})`);
      console.log(`  Temporal UI  ${config.temporal.uiUrl}/namespaces/${config.temporal.namespace}/workflows`);
      console.log('Ctrl-C stops the worker and the web; `npx ciao stack down` stops the servers.');
    });
}
