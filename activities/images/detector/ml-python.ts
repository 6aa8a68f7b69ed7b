/**
 * Access to the detector's Python side (ml/detector): its venv, and the synthetic test split `ciao model eval`
 * measures on. Used by the CLI, the parity tests and the benchmark; never on a request path.
 */
import { execFile } from 'node:child_process';
import { access } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** ml/detector: the Python scripts of the detector. */
export const DETECTOR_ML_DIR = path.resolve(__dirname, '..', '..', '..', 'ml', 'detector');

/** Seed and size of the synthetic data the committed model was trained and measured on (see MODEL_CARD.md). */
export const DATA_SEED = 20240601;
/** Number of images of the synthetic test split. */
export const TEST_SPLIT_SIZE = 400;

/**
 * Creates the detector venv when missing (`ml/detector/setup.sh`, a fast no-op when present).
 * @param train - also install the training packages (JAX, onnx)
 * @returns path of the venv's python
 */
export async function ensureDetectorPython(train = false): Promise<string> {
  const { stdout } = await run('bash', [path.join(DETECTOR_ML_DIR, 'setup.sh'), ...(train ? ['--train'] : [])], {
    maxBuffer: 16 * 1024 * 1024,
  });
  const python = stdout.trim().split('\n').pop();
  if (!python) throw new Error('ml/detector/setup.sh printed no python path');
  return python;
}

/** Runs a script of ml/detector with the venv's python; returns its stdout. */
export async function runDetectorScript(script: string, args: readonly string[], python?: string): Promise<string> {
  const py = python ?? (await ensureDetectorPython());
  const { stdout } = await run(py, [path.join(DETECTOR_ML_DIR, script), ...args], {
    maxBuffer: 256 * 1024 * 1024,
    cwd: DETECTOR_ML_DIR,
  });
  return stdout;
}

/**
 * Makes sure the synthetic test split exists under `dataDir`, generating it (deterministically, same seed as
 * the committed model's) when it does not. Only the test split is drawn; images do not depend on the others.
 */
export async function ensureTestSplit(dataDir: string): Promise<void> {
  try {
    await access(path.join(dataDir, 'test', 'labels', `${String(TEST_SPLIT_SIZE - 1).padStart(5, '0')}.txt`));
    return;
  } catch {
    // missing: generate below
  }
  await runDetectorScript('generate_data.py', [
    '--out', dataDir, '--seed', String(DATA_SEED), '--train', '0', '--val', '0', '--test', String(TEST_SPLIT_SIZE),
  ]);
}
