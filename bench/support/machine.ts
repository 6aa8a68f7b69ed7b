/**
 * The machine facts every benchmark section of bench/RESULTS.md starts with: date, CPU, cores, memory, OS,
 * Node and the load average at the start.
 */
import { execFileSync } from 'node:child_process';
import os from 'node:os';

/** A command's trimmed output, or `unknown` when it cannot run. */
function sh(cmd: string, args: string[]): string {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

/**
 * Two Markdown lines: the machine, then the load average with `why` — what shares the machine during this
 * benchmark, so readers know why figures move between runs.
 */
export function machineFacts(why: string): string[] {
  const mem = sh('free', ['-h']).split('\n').find((l) => l.startsWith('Mem:'))?.split(/\s+/) ?? [];
  return [
    `Date: ${new Date().toISOString()}. CPU: ${os.cpus()[0]?.model ?? 'unknown'}, \`nproc\` = ${sh('nproc', [])}; \`free -h\`: ${mem[1] ?? '?'} total, ${mem[6] ?? '?'} available; ${os.type()} ${os.release()}; Node ${process.version}.`,
    `Load average at start: ${os.loadavg().map((l) => l.toFixed(2)).join(' / ')} (${why}).`,
  ];
}
