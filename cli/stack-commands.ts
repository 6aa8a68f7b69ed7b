/**
 * `ciao stack up | down | status | logs | init`.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { loadConfig } from '../infra/config';
import { createStores, closeStores } from '../infra/stores';
import { initDataContracts } from '../infra/stack/init';
import { servicePaths, logTail } from '../infra/stack/process-control';
import { SERVICE_NAMES, type ServiceName } from '../infra/stack/services';
import { stackDown, stackStatus, stackUp } from '../infra/stack/stack';
import { renderTable } from './table';

function parseServices(names: readonly string[]): ServiceName[] {
  for (const n of names) {
    if (!(SERVICE_NAMES as readonly string[]).includes(n)) throw new Error(`unknown service "${n}" (one of: ${SERVICE_NAMES.join(', ')})`);
  }
  return names as ServiceName[];
}

/** Runs `ciao stack init` against the configured stack. */
export async function runInit(): Promise<void> {
  const config = loadConfig();
  const stores = createStores(config);
  try {
    await initDataContracts(stores, (l) => console.log(l));
  } finally {
    await closeStores(stores);
  }
}

/** Brings the stack up (install, start, health) and creates the data contracts. */
export async function runStackUp(services: readonly string[] = [], options: { skipSystemPackages?: boolean } = {}): Promise<void> {
  const config = loadConfig();
  const started = Date.now();
  const only = parseServices(services);
  console.log(`stack folder: ${config.stackDir}`);
  await stackUp(config, (l) => console.log(l), { only, skipSystemPackages: options.skipSystemPackages ?? false });
  if (only.length === 0) await runInit();
  console.log(`stack up in ${((Date.now() - started) / 1000).toFixed(1)}s`);
}

/** Adds the `stack` command group. */
export function registerStackCommands(program: Command): void {
  const stack = program.command('stack').description('the local stack of real servers (Temporal, Kafka, Redis, FerretDB, OpenSearch, HDFS)');

  stack
    .command('up')
    .argument('[services...]', `only these (${SERVICE_NAMES.join(', ')})`)
    .option('--skip-system-packages', 'do not install chromium / tesseract / fonts')
    .description('install what is missing, start what is not running, wait until healthy, create topics/indexes/folders')
    .action(async (services: string[], opts: { skipSystemPackages?: boolean }) => {
      await runStackUp(services, opts);
    });

  stack
    .command('down')
    .argument('[services...]', 'only these')
    .description('stop the processes this stack started (by recorded pid)')
    .action(async (services: string[]) => {
      await stackDown(loadConfig(), (l) => console.log(l), parseServices(services));
    });

  stack
    .command('status')
    .option('--json', 'machine-readable output')
    .description('service, port, pid and health of each server')
    .action(async (opts: { json?: boolean }) => {
      const rows = await stackStatus(loadConfig());
      if (opts.json) {
        console.log(JSON.stringify(rows, null, 2));
      } else {
        console.log(renderTable(['service', 'port', 'pid', 'health', 'detail'], rows.map((r) => [r.service, r.port, r.pid, r.health.ok ? 'up' : 'DOWN', r.health.detail])));
      }
      if (!rows.every((r) => r.health.ok)) process.exitCode = 1;
    });

  stack
    .command('logs')
    .argument('<service>', SERVICE_NAMES.join(' | '))
    .option('-n, --lines <n>', 'how many lines', '60')
    .option('-f, --follow', 'keep printing new lines')
    .description("print a service's log")
    .action((service: string, opts: { lines: string; follow?: boolean }) => {
      const [name] = parseServices([service]);
      const config = loadConfig();
      const { logFile } = servicePaths(config.stackDir, name ?? service);
      if (!existsSync(logFile)) throw new Error(`no log yet for ${service} (${logFile})`);
      if (opts.follow) {
        spawn('tail', ['-n', opts.lines, '-f', logFile], { stdio: 'inherit' });
      } else {
        console.log(logTail(config.stackDir, service, Number(opts.lines)));
      }
    });

  stack
    .command('init')
    .description('create the topics, collections, indexes/aliases and HDFS folders of the data contracts (idempotent)')
    .action(runInit);
}
