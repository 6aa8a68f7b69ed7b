/**
 * The daily aggregation of the logs benchmark — counts by event type × gender × age band × region over a
 * day's CSV — in Node (a streaming line reader, as a batch activity would do it) and as a Spark `local[2]`
 * job (bench/logs/spark_daily.py, what the first version ran), on the same file, with the same result.
 */
import { execFile } from 'node:child_process';
import { createReadStream, existsSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Counts keyed `type|gender|age_band|region` (empty for anonymous). */
export type DailyCounts = Map<string, number>;

/** Aggregates `file` in this process. @returns the counts and the seconds it took */
export async function aggregateCsvInNode(file: string): Promise<{ seconds: number; counts: DailyCounts; rows: number }> {
  const t0 = performance.now();
  const counts: DailyCounts = new Map();
  let rows = -1; // the header
  let rest = '';
  const count = (line: string): void => {
    if (line.length === 0) return;
    rows++;
    if (rows === 0) return;
    // Columns 1, 6, 7, 8 (type, gender, age_band, region): none of the first nine holds a comma.
    const fields: string[] = [];
    let from = 0;
    for (let f = 0; f < 9; f++) {
      const comma = line.indexOf(',', from);
      fields.push(line.slice(from, comma));
      from = comma + 1;
    }
    const key = `${fields[1]}|${fields[6]}|${fields[7]}|${fields[8]}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  };
  for await (const chunk of createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
    const text = rest + (chunk as string);
    let start = 0;
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
      count(text.slice(start, nl));
      start = nl + 1;
    }
    rest = text.slice(start);
  }
  count(rest);
  return { seconds: (performance.now() - t0) / 1000, counts, rows };
}

/** The Spark side's figures. */
export interface SparkResult {
  /** The whole Python process: interpreter, JVM start, session, both jobs. */
  readonly wallSeconds: number;
  /** Starting the SparkSession (JVM and local[2] executor). */
  readonly sessionSeconds: number;
  /** Read + aggregate + collect, first run (cold JIT) and second run (warm). */
  readonly jobSeconds: readonly [number, number];
  readonly counts: DailyCounts;
  readonly version: string;
}

/** Version of pyspark the benchmark installs. */
export const PYSPARK_VERSION = '4.3.0';

/**
 * Makes sure a venv with pyspark exists under `<stackDir>/venvs/spark` (pip from PyPI).
 * @returns its python, or why not
 */
export async function ensurePyspark(stackDir: string, log: (line: string) => void): Promise<{ python: string } | { error: string }> {
  const venv = path.join(stackDir, 'venvs', 'spark');
  const python = path.join(venv, 'bin', 'python');
  try {
    if (existsSync(python)) {
      await run(python, ['-c', 'import pyspark']);
      return { python };
    }
  } catch {
    // installed without pyspark: install below
  }
  try {
    log(`  installing pyspark ${PYSPARK_VERSION} into ${venv} (once; a few minutes)…`);
    if (!existsSync(python)) await run('python3', ['-m', 'venv', venv]);
    await run(python, ['-m', 'pip', 'install', '--quiet', `pyspark==${PYSPARK_VERSION}`], { maxBuffer: 64 << 20, timeout: 1_200_000 });
    await run(python, ['-c', 'import pyspark']);
    return { python };
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    return { error: `pip install pyspark==${PYSPARK_VERSION} failed: ${(e.stderr ?? e.message).trim().split('\n').slice(-3).join(' | ')}` };
  }
}

/** Runs bench/logs/spark_daily.py on `file` with `python`. */
export async function aggregateCsvInSpark(python: string, file: string): Promise<SparkResult> {
  const t0 = performance.now();
  const { stdout } = await run(python, [path.join(__dirname, 'spark_daily.py'), file], { maxBuffer: 64 << 20, timeout: 900_000 });
  const wallSeconds = (performance.now() - t0) / 1000;
  const last = stdout.trim().split('\n').pop() ?? '{}';
  const parsed = JSON.parse(last) as { version: string; session_s: number; job_s: [number, number]; counts: [string, string, string, string, number][] };
  const counts: DailyCounts = new Map(parsed.counts.map(([t, g, a, r, n]) => [`${t}|${g}|${a}|${r}`, n]));
  return { wallSeconds, sessionSeconds: parsed.session_s, jobSeconds: parsed.job_s, counts, version: parsed.version };
}

/** Keys whose counts differ between `a` and `b` (empty when the results agree). */
export function diffCounts(a: DailyCounts, b: DailyCounts): string[] {
  const keys = new Set([...a.keys(), ...b.keys()]);
  return [...keys].filter((k) => (a.get(k) ?? 0) !== (b.get(k) ?? 0));
}
