/**
 * Starting, finding and stopping the stack's server processes.
 *
 * Each server runs detached in its own process group. The pid file records the pid and the process's start
 * time (field 22 of /proc/<pid>/stat, which `exec` keeps); `stop` kills only a recorded pid whose start time
 * still matches, so a pid reused after a reboot is never touched, and nothing is ever killed by process name.
 * (The environment is no marker: Redis overwrites its environ block to set its process title.)
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
  const [pidText, startText] = readFileSync(pidFile, 'utf8').trim().split(/\s+/);
  const pid = Number(pidText);
  if (!Number.isInteger(pid) || pid <= 1 || !startText) return undefined;
  return processStartTime(pid) === startText ? pid : undefined;
}

/** Start time of `pid` in clock ticks since boot, or undefined when there is no such process. */
function processStartTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may contain spaces and parentheses: count fields after its closing ')'.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
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
    const started = processStartTime(child.pid);
    if (started === undefined) throw new Error(`${service} exited at once (see ${logFile})`);
    writeFileSync(pidFile, `${child.pid} ${started}\n`);
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
