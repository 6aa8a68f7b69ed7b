/**
 * `train` of `detector_retrain`: on the training worker (CPU), fetch the run's training set from HDFS, train
 * with ml/detector/train.py, export to ONNX (YOLOv5 layout, `version` in its metadata) and register the result
 * as a `candidate`.
 *
 * Safe to retry and to rerun: a version already in the registry is not trained again; the local data copy is
 * reused when its manifest matches; train.py runs with `--resume`, so a retry after a killed worker continues
 * from the last finished epoch (its folder is named after the data and the parameters, so other parameters
 * start afresh).
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { access, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Db } from 'mongodb';
import type { HdfsClient } from '../../infra/hdfs';
import { DETECTOR_ML_DIR, ensureDetectorPython } from '../images/detector/ml-python';
import { downloadHdfsFolder } from './hdfs-folder';
import { type DataSnapshot, DETECTOR_KIND } from './model-record';
import { findModel, registerModel } from './register-model';

/** Training parameters a run may set. */
export interface TrainParams {
  readonly epochs: number;
  readonly batch: number;
  readonly lr: number;
  readonly seed: number;
}

/** A progress report of train.py (`PROGRESS {…}` lines). */
export interface TrainProgress {
  readonly epoch: number;
  readonly epochs: number;
  readonly step: number;
  readonly steps: number;
  readonly loss: number;
}

/** Options of {@link trainCandidate}. */
export interface TrainOptions {
  readonly db: Db;
  readonly hdfs: HdfsClient;
  readonly cacheDir: string;
  readonly version: string;
  /** The exported set (from `export_data`). */
  readonly data: DataSnapshot & { readonly hdfsPath: string; readonly sha256: string };
  readonly params: TrainParams;
  /** Written into the record's notes. */
  readonly runId: string;
  /** Called with the latest progress (and every 15 s while nothing new is printed, e.g. while JAX compiles). */
  readonly heartbeat: (details: Record<string, unknown>) => void;
  /** Aborts training (the child process is killed). */
  readonly signal?: AbortSignal;
}

/** What {@link trainCandidate} did. */
export interface TrainOutcome {
  readonly version: string;
  /** False when the version was in the registry already (nothing trained). */
  readonly trained: boolean;
  readonly created: boolean;
  readonly last: TrainProgress | null;
  readonly valMap50: number | null;
  readonly seconds: number;
}

async function exists(p: string): Promise<boolean> {
  return access(p).then(
    () => true,
    () => false,
  );
}

/** Parses one `PROGRESS {…}` line of train.py, or null for other lines. */
export function parseProgressLine(line: string): TrainProgress | null {
  if (!line.startsWith('PROGRESS ')) return null;
  try {
    const p = JSON.parse(line.slice(9)) as Partial<TrainProgress>;
    return typeof p.step === 'number' && typeof p.loss === 'number' ? { epoch: p.epoch ?? 0, epochs: p.epochs ?? 0, step: p.step, steps: p.steps ?? 0, loss: p.loss } : null;
  } catch {
    return null;
  }
}

/** Runs a Python script, feeding each stdout line to `onLine`; rejects with the output's tail on failure. */
function runPython(python: string, args: readonly string[], onLine: (line: string) => void, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(python, args, { cwd: DETECTOR_ML_DIR, stdio: ['ignore', 'pipe', 'pipe'] });
    const tail: string[] = [];
    const keep = (line: string) => {
      tail.push(line);
      if (tail.length > 20) tail.shift();
    };
    createInterface({ input: child.stdout }).on('line', (line) => {
      keep(line);
      onLine(line);
    });
    createInterface({ input: child.stderr }).on('line', keep);
    const abort = () => child.kill('SIGTERM');
    signal?.addEventListener('abort', abort, { once: true });
    child.once('error', reject);
    child.once('close', (code, sig) => {
      signal?.removeEventListener('abort', abort);
      if (code === 0) resolve();
      else reject(new Error(`${path.basename(args[0] ?? 'python')} failed (${sig ?? `exit ${code}`}): ${tail.join(' | ').slice(-1500)}`));
    });
  });
}

/** Fetches the set into `<work>/data` unless the copy there has the same manifest. */
async function fetchData(hdfs: HdfsClient, data: TrainOptions['data'], work: string, heartbeat: TrainOptions['heartbeat']): Promise<string> {
  const dir = path.join(work, 'data');
  const manifestSha = async (d: string) => createHash('sha256').update(await readFile(path.join(d, 'MANIFEST.sha256'))).digest('hex');
  if ((await exists(path.join(dir, 'MANIFEST.sha256'))) && (await manifestSha(dir)) === data.sha256) return dir;
  const tmp = `${dir}.tmp`;
  await rm(tmp, { recursive: true, force: true });
  await downloadHdfsFolder(hdfs, data.hdfsPath, tmp, (done, total) => {
    if (done % 50 === 0 || done === total) heartbeat({ stage: 'download', done, total });
  });
  const got = await manifestSha(tmp);
  if (got !== data.sha256) throw new Error(`the training set at ${data.hdfsPath} has manifest ${got}, not ${data.sha256} (exported again meanwhile?)`);
  await rm(dir, { recursive: true, force: true });
  await rename(tmp, dir);
  return dir;
}

/**
 * Trains, exports and registers the candidate `version` (see the module comment for retries).
 * @throws Error when a script fails (with its output's tail); InfraError from the registry
 */
export async function trainCandidate(o: TrainOptions): Promise<TrainOutcome> {
  const started = Date.now();
  if (await findModel(o.db, o.version)) return { version: o.version, trained: false, created: false, last: null, valMap50: null, seconds: 0 };
  const work = path.join(o.cacheDir, 'retrain', o.version);
  let last: TrainProgress | null = null;
  const beat = () => o.heartbeat(last ? { stage: 'train', ...last } : { stage: 'train', starting: true });
  const timer = setInterval(beat, 15_000);
  try {
    o.heartbeat({ stage: 'setup' });
    const python = await ensureDetectorPython(true);
    const dataDir = await fetchData(o.hdfs, o.data, work, o.heartbeat);
    const p = o.params;
    const runDir = path.join(work, `run-${o.data.sha256.slice(0, 12)}-e${p.epochs}-b${p.batch}-lr${p.lr}-s${p.seed}`);
    const log = path.join(runDir, 'train_log.json');
    if (!(await exists(log))) {
      await runPython(
        python,
        [path.join(DETECTOR_ML_DIR, 'train.py'), '--data', dataDir, '--out', runDir, '--epochs', String(p.epochs), '--batch', String(p.batch), '--lr', String(p.lr), '--seed', String(p.seed), '--eval-every', String(p.epochs), '--resume'],
        (line) => {
          const progress = parseProgressLine(line);
          if (progress) {
            last = progress;
            beat();
          }
        },
        o.signal,
      );
    }
    const trainLog = JSON.parse(await readFile(log, 'utf8')) as { epochs?: { val_map50?: number; loss?: number[]; epoch?: number; step?: number }[] };
    const lastEpoch = trainLog.epochs?.at(-1);
    const valMap50 = lastEpoch?.val_map50 ?? null;
    last ??= lastEpoch ? { epoch: lastEpoch.epoch ?? p.epochs, epochs: p.epochs, step: lastEpoch.step ?? 0, steps: lastEpoch.step ?? 0, loss: (lastEpoch.loss ?? []).reduce((s, v) => s + v, 0) } : null;
    o.heartbeat({ stage: 'export' });
    const bundleDir = path.join(work, 'bundle');
    await rm(bundleDir, { recursive: true, force: true });
    await runPython(python, [path.join(DETECTOR_ML_DIR, 'export_onnx.py'), '--checkpoint', path.join(runDir, 'checkpoint.npz'), '--out', path.join(bundleDir, 'detector.onnx'), '--version', o.version], () => undefined, o.signal);
    const { created } = await registerModel(o.db, {
      version: o.version,
      kind: DETECTOR_KIND,
      bundle: { dir: bundleDir, files: ['detector.onnx', 'detector.json'], main: 'detector.onnx', metadata: 'detector.json' },
      dataSnapshot: o.data,
      trainingParams: { script: 'ml/detector/train.py', ...p, valMap50 },
      notes: `trained by ${o.runId}`,
    });
    // The set stays on HDFS; the local copy was only for train.py.
    await rm(dataDir, { recursive: true, force: true });
    return { version: o.version, trained: true, created, last, valMap50, seconds: Math.round((Date.now() - started) / 1000) };
  } finally {
    clearInterval(timer);
  }
}
