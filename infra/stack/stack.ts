/**
 * `ciao stack up | down | status | logs`: installs, starts, probes and stops the real local servers.
 *
 * Installs run in two lanes (Debian packages one at a time because apt holds a lock; registry downloads in
 * parallel); starts run in parallel and each waits on its health probe with a timeout. A service that is
 * already healthy on its port is reused, whoever started it, so `up` is idempotent and CI can share a stack.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { InfraError } from '../../domain/errors';
import type { Config } from '../config';
import type { HealthReport } from '../health';
import { isAlive, logTail, runningPid, sleep, startDetached, stopService } from './process-control';
import { stackServices, type ServiceName, type StackService } from './services';

/** Receives progress lines. */
export type Reporter = (line: string) => void;

/** One row of `ciao stack status`. */
export interface ServiceStatus {
  readonly service: ServiceName;
  readonly port: number;
  /** Pid of the process this stack started, when it runs. */
  readonly pid: number | undefined;
  readonly health: HealthReport;
}

/** Options of {@link stackUp}. */
export interface UpOptions {
  /** Only these services (default: all six). */
  readonly only?: readonly ServiceName[];
  /** Skip Debian packages the app (not the stack) needs: chromium, tesseract, fonts (default false). */
  readonly skipSystemPackages?: boolean;
}

const SYSTEM_INSTALL = path.join(__dirname, 'services', 'system', 'install.sh');
/** Services whose installer uses apt, so they share the single apt lane. */
const APT_SERVICES: ReadonlySet<ServiceName> = new Set(['redis']);

function selected(config: Config, only?: readonly ServiceName[]): StackService[] {
  const all = stackServices(config);
  return only && only.length > 0 ? all.filter((s) => only.includes(s.name)) : all;
}

/**
 * Installs what is missing and starts every service that is not already healthy, then waits for all.
 * @throws InfraError `StackInstallFailed` or `StackStartFailed` naming the services, after printing their log tails
 */
export async function stackUp(config: Config, report: Reporter, options: UpOptions = {}): Promise<ServiceStatus[]> {
  mkdirSync(config.stackDir, { recursive: true });
  const services = selected(config, options.only);

  // Probe first: whatever is healthy is reused and needs no install.
  const initial = await Promise.all(services.map(async (s) => ({ s, health: await probeOnce(s) })));
  const toStart = initial.filter((x) => !x.health.ok).map((x) => x.s);
  for (const { s, health } of initial) {
    if (health.ok) report(`[${s.name}] already up on :${s.port} (${health.detail})`);
  }

  await installAll(config, toStart, report, options.skipSystemPackages ?? false);
  const results = await Promise.all(toStart.map((s) => startAndWait(config, s, report)));
  const failed = results.filter((r) => !r.health.ok);
  if (failed.length > 0) {
    throw new InfraError('StackStartFailed', `Stack services failed to start: ${failed.map((f) => f.service).join(', ')} (logs: ${path.join(config.stackDir, 'logs')})`, {
      services: failed.map((f) => f.service),
    });
  }
  return stackStatus(config, options.only);
}

async function installAll(config: Config, services: StackService[], report: Reporter, skipSystem: boolean): Promise<void> {
  const aptLane = async (): Promise<void> => {
    if (!skipSystem) {
      try {
        await runInstaller('system', SYSTEM_INSTALL, config, report);
      } catch (err) {
        // Chromium / OCR / fonts serve features, not the stack: degrade, don't stop.
        report(`[system] WARNING: ${(err as Error).message}; browser tests, OCR and Hangul rendering may not work`);
      }
    }
    for (const s of services.filter((x) => APT_SERVICES.has(x.name))) await runInstaller(s.name, path.join(s.dir, 'install.sh'), config, report);
  };
  const others = services.filter((s) => !APT_SERVICES.has(s.name)).map((s) => runInstaller(s.name, path.join(s.dir, 'install.sh'), config, report));
  const outcomes = await Promise.allSettled([aptLane(), ...others]);
  const errors = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected').map((o) => (o.reason as Error).message);
  if (errors.length > 0) throw new InfraError('StackInstallFailed', `Stack install failed:\n  ${errors.join('\n  ')}`, { errors });
}

function runInstaller(name: string, script: string, config: Config, report: Reporter): Promise<void> {
  if (!existsSync(script)) return Promise.reject(new Error(`[${name}] installer missing: ${script}`));
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawn('bash', [script], { env: { ...process.env, CIAO_STACK_DIR: config.stackDir }, stdio: ['ignore', 'pipe', 'pipe'] });
    const tail: string[] = [];
    const onLine = (chunk: Buffer): void => {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (!line.trim()) continue;
        tail.push(line);
        if (tail.length > 30) tail.shift();
        if (line.startsWith('[')) report(line); // installers prefix their progress lines; tool chatter stays in the tail
      }
    };
    child.stdout.on('data', onLine);
    child.stderr.on('data', onLine);
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) {
        const secs = (Date.now() - started) / 1000;
        if (secs > 2) report(`[${name}] installed in ${secs.toFixed(0)}s`);
        resolve();
      } else reject(new Error(`[${name}] install.sh exited ${code}:\n${tail.map((l) => `    ${l}`).join('\n')}`));
    });
  });
}

async function probeOnce(service: StackService): Promise<HealthReport> {
  const prober = service.prober();
  try {
    return await prober.health();
  } finally {
    await prober.close();
  }
}

async function startAndWait(config: Config, service: StackService, report: Reporter): Promise<{ service: ServiceName; health: HealthReport }> {
  let pid = runningPid(config.stackDir, service.name);
  if (pid === undefined) {
    pid = startDetached(config.stackDir, service.name, path.join(service.dir, 'run.sh'), service.env);
    report(`[${service.name}] starting on :${service.port} (pid ${pid})`);
  } else {
    report(`[${service.name}] already starting (pid ${pid}), waiting for it`);
  }
  const started = Date.now();
  const prober = service.prober();
  let last: HealthReport = { service: service.name, ok: false, latencyMs: 0, detail: 'not probed' };
  let nextNotice = 15_000;
  try {
    while (Date.now() - started < service.startTimeoutMs) {
      last = await prober.health();
      if (last.ok) {
        report(`[${service.name}] healthy after ${((Date.now() - started) / 1000).toFixed(1)}s: ${last.detail}`);
        return { service: service.name, health: last };
      }
      if (!isAlive(pid)) {
        last = { ...last, detail: `process ${pid} exited` };
        break;
      }
      if (Date.now() - started > nextNotice) {
        report(`[${service.name}] still waiting (${Math.round((Date.now() - started) / 1000)}s): ${last.detail}`);
        nextNotice += 15_000;
      }
      await sleep(1000);
    }
  } finally {
    await prober.close();
  }
  report(`[${service.name}] FAILED to become healthy: ${last.detail}\n---- last lines of ${service.name}.log ----\n${logTail(config.stackDir, service.name)}\n----`);
  return { service: service.name, health: { ...last, ok: false } };
}

/** Stops the processes this stack started (by recorded pid only). @returns the names it stopped */
export async function stackDown(config: Config, report: Reporter, only?: readonly ServiceName[]): Promise<ServiceName[]> {
  const services = selected(config, only);
  const stopped = await Promise.all(
    services.map(async (s) => {
      const pid = await stopService(config.stackDir, s.name);
      report(pid === undefined ? `[${s.name}] not running (nothing of ours to stop)` : `[${s.name}] stopped (pid ${pid})`);
      return pid === undefined ? undefined : s.name;
    }),
  );
  return stopped.filter((n): n is ServiceName => n !== undefined);
}

/** Service, port, pid and health of each service. */
export async function stackStatus(config: Config, only?: readonly ServiceName[]): Promise<ServiceStatus[]> {
  const services = selected(config, only);
  return Promise.all(
    services.map(async (s) => ({ service: s.name, port: s.port, pid: runningPid(config.stackDir, s.name), health: await probeOnce(s) })),
  );
}
