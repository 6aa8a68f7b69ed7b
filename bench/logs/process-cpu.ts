/**
 * CPU time of processes from /proc (Linux), to say where a benchmark's cycles go on a small machine: the
 * load generator, the aggregator, Kafka and Redis each take a share of the same two cores.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';

const TICK_MS = 10; // USER_HZ is 100 on Linux

/** User + system CPU milliseconds used so far by `pid`, or undefined when it is gone. */
export function cpuMs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of the whole line: 12 and 13 after the command name.
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return undefined;
  }
}

/** Busy CPU milliseconds of the whole machine so far (all cores). */
export function machineBusyMs(): number {
  return os.cpus().reduce((sum, c) => sum + c.times.user + c.times.nice + c.times.sys + c.times.irq, 0);
}

/** A CPU meter over named processes plus the whole machine. */
export class CpuMeter {
  private readonly start: Map<string, number> = new Map();
  private startMachine = 0;
  private startWall = 0;

  constructor(private readonly pids: ReadonlyMap<string, number>) {}

  /** Starts (or restarts) measuring. */
  begin(): void {
    for (const [name, pid] of this.pids) this.start.set(name, cpuMs(pid) ?? 0);
    this.startMachine = machineBusyMs();
    this.startWall = performance.now();
  }

  /** CPU ms per process since {@link begin}, the machine's busy ms, and the wall ms. */
  end(): { perProcess: Map<string, number>; machineMs: number; wallMs: number } {
    const perProcess = new Map<string, number>();
    for (const [name, pid] of this.pids) perProcess.set(name, (cpuMs(pid) ?? 0) - (this.start.get(name) ?? 0));
    return { perProcess, machineMs: machineBusyMs() - this.startMachine, wallMs: performance.now() - this.startWall };
  }
}
