/**
 * `ciao loadgen`: synthetic user traffic through the web tier's event publisher into Kafka, at a given rate
 * for a given time, deterministic by seed (see `activities/logs/loadgen/`).
 */
import { InvalidArgumentError, Option, type Command } from 'commander';
import { runLoadgen, type LoadgenReport } from '../activities/logs/loadgen/run-loadgen';
import { InfraError } from '../domain/errors';
import { loadConfig } from '../infra/config';
import { TOPICS } from '../infra/contracts';
import { createKafkaStore } from '../infra/kafka';
import { durationMs } from '../workflows/dag/durations';

/** Options of `ciao loadgen`, as parsed. */
export interface LoadgenCommandOptions {
  readonly rate: number;
  /** Undefined runs until Ctrl-C. */
  readonly durationMs: number | undefined;
  readonly members: number;
  readonly seed: number;
  readonly topic: string;
  readonly json?: boolean;
  /** Interval of progress reports, ms (default 5000). */
  readonly reportEveryMs?: number;
}

/** Parses `200`, `200/s` (events per second; 0 = as fast as possible). */
export function parseRate(text: string): number {
  const m = /^(\d+(?:\.\d+)?)(?:\/s)?$/.exec(text.trim());
  if (!m) throw new InvalidArgumentError(`"${text}" is not a rate (e.g. 200 or 200/s; 0 = as fast as possible)`);
  return Number(m[1]);
}

/** Parses `60s`, `5m`, `1h` (or `0` / `forever`: until Ctrl-C). */
export function parseDuration(text: string): number | undefined {
  if (text === '0' || text === 'forever') return undefined;
  const ms = durationMs(text);
  if (ms === undefined) throw new InvalidArgumentError(`"${text}" is not a duration (e.g. 30s, 5m, 1h; 0 = until Ctrl-C)`);
  return ms;
}

function parseCount(what: string, min: number) {
  return (text: string): number => {
    const n = Number(text);
    if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`${what} must be a whole number ≥ ${min}, got "${text}"`);
    return n;
  };
}

/** One human line of a report. */
export function formatReport(r: LoadgenReport): string {
  const s = (r.elapsedMs / 1000).toFixed(1).padStart(6);
  return `${s}s  ${r.final ? 'final ' : ''}rate ${r.rate}/s (avg ${r.averageRate}/s)  published ${r.published}  dropped ${r.dropped}  buffered ${r.buffered}${r.invalid ? `  INVALID ${r.invalid}` : ''}`;
}

/**
 * Runs loadgen with `options` until done or `signal` aborts, printing reports; used by `ciao loadgen` and by
 * `ciao start --demo`.
 */
export async function runLoadgenCommand(options: LoadgenCommandOptions, signal?: AbortSignal, print: (line: string) => void = console.log): Promise<LoadgenReport> {
  const config = loadConfig();
  const kafka = createKafkaStore(config, { clientId: `${config.kafka.clientId}-loadgen` });
  try {
    const topics = await (await kafka.admin()).listTopics();
    if (!topics.includes(options.topic)) throw new InfraError('NotFound', `Kafka has no topic "${options.topic}" (\`npx ciao stack init\` creates ${TOPICS.logsRaw})`);
    return await runLoadgen(kafka.settings, {
      rate: options.rate,
      seed: options.seed,
      members: options.members,
      topic: options.topic,
      ...(options.durationMs !== undefined ? { durationMs: options.durationMs } : {}),
      ...(signal ? { signal } : {}),
      ...(options.reportEveryMs ? { reportEveryMs: options.reportEveryMs } : {}),
      onReport: (r) => print(options.json ? JSON.stringify(r) : formatReport(r)),
    });
  } finally {
    await kafka.close();
  }
}

/** Adds `ciao loadgen`. */
export function registerLoadgenCommand(program: Command): void {
  program
    .command('loadgen')
    .description('synthetic user traffic (members, sessions, funnels, Korean searches, eco points) through the event publisher into Kafka')
    .option('--rate <n/s>', 'events per second (0 = as fast as possible)', parseRate, 200)
    .addOption(new Option('--duration <time>', 'how long, e.g. 30s, 5m, 1h (0 = until Ctrl-C)').argParser(parseDuration).default(60_000, '60s'))
    .option('--members <n>', 'members in the synthetic population', parseCount('--members', 0), 500)
    .option('--seed <n>', 'seed: the same seed gives the same traffic', parseCount('--seed', 0), 42)
    .option('--topic <topic>', 'Kafka topic', TOPICS.logsRaw)
    .option('--json', 'one JSON report per line')
    .action(async (opts: { rate: number; duration: number | undefined; members: number; seed: number; topic: string; json?: boolean }) => {
      const stop = new AbortController();
      const onSignal = (): void => stop.abort();
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      console.log(
        `loadgen: ${opts.rate > 0 ? `${opts.rate} events/s` : 'as fast as possible'} for ${opts.duration === undefined ? 'ever (Ctrl-C stops)' : `${opts.duration / 1000} s`}, ${opts.members} members, seed ${opts.seed}, topic ${opts.topic}`,
      );
      const final = await runLoadgenCommand({ ...opts, durationMs: opts.duration }, stop.signal);
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      if (final.dropped > 0 || final.buffered > 0) process.exitCode = 1;
    });
}
