/**
 * Starting, finding and stopping the stack's server processes.
 *
 * Each server runs detached in its own process group, with `CIAO_STACK_SERVICE=<name>` in its environment.
 * `stop` kills only a pid recorded in the stack's pid file *and* whose environment still carries that marker,
 * so a pid reused after a reboot is never touched, and nothing is ever killed by process name.
 */
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Where a service keeps its pid file and log. */
export interface ServicePaths {
  readonly pidFile: string;
  readonly logFile: string;
}

/** Paths of `service` under `stackDir`. */
export function servicePaths(stackDir: string, service: string): ServicePaths {
  return { pidFile: path.join(stackDir, 'run', `${service}.pid`), logFile: path.join(stackDir, 'logs', `${service}.log`) };
}

/** The recorded pid of `service` when that process is alive and is still ours; otherwise undefined. */
export function runningPid(stackDir: string, service: string): number | undefined {
  const { pidFile } = servicePaths(stackDir, service);
  if (!existsSync(pidFile)) return undefined;
  const pid = Number(readFileSync(pidFile, 'utf8').trim());
  if (!Number.isInteger(pid) || pid <= 1) return undefined;
  return isOurProcess(pid, service) ? pid : undefined;
}

function isOurProcess(pid: number, service: string): boolean {
  try {
    const environ = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
    return environ.includes(`CIAO_STACK_SERVICE=${service}`);
  } catch {
    return false; // no such process (or not readable): not one we can claim
  }
}

/**
 * Spawns `script` detached with stdout/stderr appended to the service log and records its pid.
 * @returns the pid
 */
export function startDetached(stackDir: string, service: string, script: string, env: Record<string, string>): number {
  const { pidFile, logFile } = servicePaths(stackDir, service);
  mkdirSync(path.dirname(pidFile), { recursive: true });
  mkdirSync(path.dirname(logFile), { recursive: true });
  const fd = openSync(logFile, 'a');
  writeFileSync(fd, `\n==== ${new Date().toISOString()} starting ${service} ====\n`);
  try {
    const child = spawn('bash', [script], {
      detached: true,
      stdio: ['ignore', fd, fd],
      env: { ...process.env, ...env, CIAO_STACK_DIR: stackDir, CIAO_STACK_SERVICE: service },
    });
    if (child.pid === undefined) throw new Error(`could not spawn ${script}`);
    child.unref();
    writeFileSync(pidFile, `${child.pid}\n`);
    return child.pid;
  } finally {
    closeSync(fd);
  }
}

/** True while `pid` exists. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Stops the service's process group: SIGTERM, then SIGKILL after `graceMs` (default 20 s).
 * @returns the pid that was stopped, or undefined when nothing of ours was running
 */
export async function stopService(stackDir: string, service: string, graceMs = 20_000): Promise<number | undefined> {
  const pid = runningPid(stackDir, service);
  const { pidFile } = servicePaths(stackDir, service);
  if (pid === undefined) {
    rmSync(pidFile, { force: true });
    return undefined;
  }
  signalGroup(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (isAlive(pid) && Date.now() < deadline) await sleep(200);
  if (isAlive(pid)) signalGroup(pid, 'SIGKILL');
  while (isAlive(pid)) await sleep(100);
  rmSync(pidFile, { force: true });
  return pid;
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal); // the whole group: run.sh exec'd the server, but a JVM may have helpers
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  }
}

/** The last `lines` lines of the service log ('' when there is none). */
export function logTail(stackDir: string, service: string, lines = 40): string {
  const { logFile } = servicePaths(stackDir, service);
  if (!existsSync(logFile)) return '';
  const text = readFileSync(logFile, 'utf8');
  return text.split('\n').slice(-lines - 1).join('\n');
}

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
